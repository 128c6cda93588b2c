package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;

/**
 * {@code hdr}, the entropy difference ratio of Song et al. (2024): |H(G_W) − H(G_M)| / max(H(G_W), H(G_M)), see
 * {@link GramEntropies}. Optimum 0 (at a simplex ETF both Grams are equal). Percent of optimum: 100·(1 − v)
 * clipped to [0, 100] (v lies in [0, 1]). Needs weights and K' − 1 ≤ d.
 */
public final class Hdr implements Metric {
    static final String NAME = "hdr";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(GramEntropies.of(ctx, NAME, ctx.params().getDouble("mean-zero-tol")));
    }

    static List<MetricValue> compute(GramEntropies h) {
        double v = Geometry.inRange(NAME, h.hdr(), 0, 1);
        return List.of(new MetricValue(NAME, v, 0, Geometry.clip(100 * (1 - v))));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "entropy difference ratio |H(G_W)-H(G_M)|/max of the Grams of w_c/|w_c| and centred normalised means"
                            + " (Song et al. 2024); optimum 0; % = 100(1-v) clipped; needs weights",
                    List.of(GramEntropies.meanZeroTolParam()),
                    params -> new Hdr());
        }
    }
}
