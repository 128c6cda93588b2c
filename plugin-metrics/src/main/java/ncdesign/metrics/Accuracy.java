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
 * {@code accuracy}: the fraction of samples the classifier labels correctly. Uses the recorded predictions when the
 * set has them (for a CE model those are argmax zᵀw_c + b_c); otherwise the cosine classifier argmax_c u_i·ŵ_c on
 * the normalised features and weights. Optimum 1. Percent of optimum: 100·v. Needs recorded predictions or weights.
 */
public final class Accuracy implements Metric {
    static final String NAME = "accuracy";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        double v = fraction(s.classifierPredictions(NAME), s.labels());
        return List.of(new MetricValue(NAME, v, 1, 100 * v));
    }

    static double fraction(int[] pred, int[] labels) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if (pred[i] == labels[i]) {
                ok++;
            }
        }
        return ok / (double) labels.length;
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "classifier accuracy from recorded predictions, else argmax_c u.w_c/|w_c|; optimum 1; % = 100 v",
                    List.of(),
                    params -> new Accuracy());
        }
    }
}
