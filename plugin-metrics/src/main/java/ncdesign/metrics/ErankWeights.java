package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code erank-weights}: erank(cov({ŵ_c})), the effective rank of the sample covariance (divided by K − 1) of all K
 * normalised classifier rows ŵ_c = w_c/‖w_c‖, as a d×d matrix. Optimum min(K − 1, d). Percent of optimum:
 * 100·(v − 1)/(optimum − 1) clipped to [0, 100]. Needs classifier weights.
 */
public final class ErankWeights implements Metric {
    static final String NAME = "erank-weights";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx), ctx.params().getDouble("eps"));
    }

    static List<MetricValue> compute(ClassStats s, double eps) {
        double[][] w = s.weightsHat(NAME);
        if (w.length < 2) {
            throw new ncdesign.api.PluginException("metric '" + NAME + "' needs at least 2 classes; K = " + w.length);
        }
        return List.of(ErankInter.spread(NAME, w, s.dim(), eps));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "erank(cov(normalised classifier rows w_c/|w_c|)); optimum min(K-1, d);"
                            + " % = 100(v-1)/(optimum-1) clipped; needs weights",
                    List.of(ErankParams.eps()),
                    params -> new ErankWeights());
        }
    }
}
