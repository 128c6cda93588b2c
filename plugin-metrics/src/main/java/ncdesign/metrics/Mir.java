package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;

/**
 * {@code mir}, the mutual-information ratio of Song et al. (2024) between the classifier and the class means:
 * (H(G_W) + H(G_M) − H(G_W∘G_M)) / min(H(G_W), H(G_M)), see {@link GramEntropies}. At an exact simplex ETF it is
 * a function of K, not 1 (≈ 0.952 for K = 10); the reported optimum is that value for the K' classes at hand,
 * evaluated in closed form. Percent of optimum: 100·v/optimum clipped to [0, 100]. MIR lies in [0, 1]: a value outside
 * it (degenerate means, whose entropy vanishes) is refused, never shown. Needs weights and K' − 1 ≤ d.
 */
public final class Mir implements Metric {
    static final String NAME = "mir";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(GramEntropies.of(ctx, NAME, ctx.params().getDouble("mean-zero-tol")));
    }

    static List<MetricValue> compute(GramEntropies h) {
        double v = Geometry.inRange(NAME, h.mir(), 0, 1);
        double optimum = GramEntropies.etfMir(h.classes());
        return List.of(new MetricValue(NAME, v, optimum, Geometry.clip(100 * v / optimum)));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "mutual-information ratio of the Grams of w_c/|w_c| and centred normalised means (Song et al. 2024);"
                            + " optimum = its value at a simplex ETF of K (~0.952 for K=10); % = 100 v/optimum clipped; needs weights",
                    List.of(GramEntropies.meanZeroTolParam()),
                    params -> new Mir());
        }
    }
}
