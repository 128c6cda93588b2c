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
 * {@code ncc-accuracy}: the fraction of samples whose nearest class mean argmin_c ‖u_i − μ_c‖ (normalised
 * features, means of the classes with samples, measured on the same set) is their label. Optimum 1. Percent of
 * optimum: 100·v.
 */
public final class NccAccuracy implements Metric {
    static final String NAME = "ncc-accuracy";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        double v = Accuracy.fraction(s.nccPredictions(), s.labels());
        return List.of(new MetricValue(NAME, v, 1, 100 * v));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "nearest-class-mean accuracy argmin_c |u_i - mu_c| on normalised features; optimum 1; % = 100 v",
                    List.of(),
                    params -> new NccAccuracy());
        }
    }
}
