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
 * {@code nc4} (Papyan et al. 2020): the fraction of samples whose classifier prediction differs from the
 * nearest-class-mean prediction argmin_c ‖u_i − μ_c‖ (normalised features, classes with samples). The classifier
 * prediction is the recorded one ({@link ncdesign.api.metric.FeatureSet#predictions()}) or, when none is recorded, argmax_c u_i·ŵ_c.
 * Optimum 0. Percent of optimum: 100·(1 − v). Needs recorded predictions or weights.
 */
public final class Nc4 implements Metric {
    static final String NAME = "nc4";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        int[] cls = s.classifierPredictions(NAME);
        int[] ncc = s.nccPredictions();
        int diff = 0;
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] != ncc[i]) {
                diff++;
            }
        }
        double v = diff / (double) cls.length;
        return List.of(new MetricValue(NAME, v, 0, 100 * (1 - v)));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "Papyan NC4: fraction of samples where the classifier (recorded predictions, else argmax u.w_c/|w_c|)"
                            + " disagrees with the nearest class mean; optimum 0; % = 100(1-v)",
                    List.of(),
                    params -> new Nc4());
        }
    }
}
