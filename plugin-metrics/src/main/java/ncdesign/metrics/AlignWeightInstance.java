package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code align-weight-instance}: (1/N) Σ_i ‖ŵ_{y_i} − u_i‖², the mean squared distance between each normalised
 * feature u_i = z_i/‖z_i‖ and its class's normalised classifier row ŵ_c = w_c/‖w_c‖, summed per sample in the
 * first streaming pass. Optimum 0. Percent of optimum: 100·(1 − v/2) clipped to [0, 100]; 2 is the value for
 * orthogonal (uncorrelated) unit vectors, so 0% means "no better than unrelated directions". Needs weights.
 */
public final class AlignWeightInstance implements Metric {
    static final String NAME = "align-weight-instance";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        double v = Geometry.inRange(NAME, s.alignWeightInstanceSum(NAME) / s.size(), 0, 4);
        return List.of(new MetricValue(NAME, v, 0, Geometry.clip(100 * (1 - v / 2))));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "mean |w_y/|w_y| - u_i|^2 over samples (u = z/|z|); optimum 0; % = 100(1 - v/2) clipped; needs weights",
                    List.of(),
                    params -> new AlignWeightInstance());
        }
    }
}
