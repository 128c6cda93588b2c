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
 * {@code align-instance}: the mean, over classes with at least 2 samples, of the mean squared distance
 * ‖u_i − u_j‖² over same-class ordered pairs i ≠ j of normalised features. Computed in O(Nd) from class sums:
 * Σ_{i,j} ‖u_i − u_j‖² = 2n Σ_i ‖u_i‖² − 2‖Σ_i u_i‖² (the i = j terms are 0), divided by the n(n − 1) pairs.
 * Optimum 0. Percent of optimum: 100·(1 − v/2) clipped to [0, 100] (2 = orthogonal unit vectors).
 */
public final class AlignInstance implements Metric {
    static final String NAME = "align-instance";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        int[] counts = s.counts();
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < s.numClasses(); c++) {
            double n = counts[c];
            if (n < 2) {
                continue;
            }
            double[] sc = s.sums()[c];
            double pairs = 2 * n * s.sqNormSums()[c] - 2 * Spectral.dot(sc, sc);
            sum += Math.max(0, pairs) / (n * (n - 1));
            classes++;
        }
        if (classes == 0) {
            throw new PluginException("metric '" + NAME + "' needs a class with at least 2 samples; every class has fewer");
        }
        double v = Geometry.inRange(NAME, sum / classes, 0, 4);
        return List.of(new MetricValue(NAME, v, 0, Geometry.clip(100 * (1 - v / 2))));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "mean over classes of the mean |u_i - u_j|^2 over same-class pairs (u = z/|z|); optimum 0; % = 100(1 - v/2) clipped",
                    List.of(),
                    params -> new AlignInstance());
        }
    }
}
