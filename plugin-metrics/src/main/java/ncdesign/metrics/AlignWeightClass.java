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
 * {@code align-weight-class}: (1/K') Σ_c ‖ŵ_c − μ_c/‖μ_c‖‖² over the K' classes with samples, where μ_c is the mean
 * of the normalised features of class c and ŵ_c = w_c/‖w_c‖ (a zero mean normalises to 0). Optimum 0. Percent of
 * optimum: 100·(1 − v/2) clipped to [0, 100] (2 = orthogonal unit vectors). Needs weights.
 */
public final class AlignWeightClass implements Metric {
    static final String NAME = "align-weight-class";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        double[][] w = Geometry.presentWeights(s, NAME);
        double[][] m = Geometry.presentMeans(s);
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            double[] mu = Geometry.normalised(m[i], 0);
            double dist = 0;
            for (int j = 0; j < mu.length; j++) {
                double t = w[i][j] - mu[j];
                dist += t * t;
            }
            sum += dist;
        }
        double v = Geometry.inRange(NAME, sum / m.length, 0, 4);
        return List.of(new MetricValue(NAME, v, 0, Geometry.clip(100 * (1 - v / 2))));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "mean over classes of |w_c/|w_c| - mu_c/|mu_c||^2 (mu_c = mean of u = z/|z|); optimum 0; % = 100(1 - v/2) clipped; needs weights",
                    List.of(),
                    params -> new AlignWeightClass());
        }
    }
}
