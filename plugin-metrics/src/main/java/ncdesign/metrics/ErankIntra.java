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
 * {@code erank-intra}: the mean, over classes with at least 2 samples, of the effective rank of the class
 * covariance cov({u_i − μ_c : y_i = c}) (sample covariance, divided by n_c − 1, as a d×d matrix) of the normalised
 * features u_i = z_i/‖z_i‖. Optimum 1 (every class collapsed onto a line). Effective rank: see
 * {@link Spectral#erank(double[], int, double, double)} (ε = {@code eps}); a covariance with trace ≤ 1e-12 (float32 rounding of
 * a collapsed class) is the zero matrix, erank 1.
 *
 * <p>Also reports {@code erank-intra-skipped-classes}: the number of classes with fewer than 2 samples (0 or 1),
 * which are left out of the mean. Percent of optimum: 100·(worst − v)/(worst − 1) clipped to [0, 100], where
 * worst is the mean over the measured classes of min(d, n_c − 1), the largest rank their covariance can have.
 */
public final class ErankIntra implements Metric {
    static final String NAME = "erank-intra";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx), ctx.params().getDouble("eps"));
    }

    static List<MetricValue> compute(ClassStats s, double eps) {
        int[] counts = s.counts();
        int d = s.dim();
        int skipped = 0;
        for (int c = 0; c < s.numClasses(); c++) {
            if (counts[c] < 2) {
                skipped++;
            }
        }
        if (skipped == s.numClasses()) {
            throw new PluginException("metric '" + NAME + "' needs a class with at least 2 samples; every class has fewer");
        }
        double[][] eig = s.scatter().classCovarianceEigenvalues();
        double sum = 0;
        double worst = 0;
        int measured = 0;
        for (int c = 0; c < s.numClasses(); c++) {
            if (counts[c] >= 2) {
                sum += Spectral.erank(eig[c], d, eps, Geometry.ZERO_TRACE);
                worst += Math.min(d, counts[c] - 1);
                measured++;
            }
        }
        double v = Geometry.inRange(NAME, sum / measured, 1, d);
        worst /= measured;
        double pct = worst <= 1 ? 100 : Geometry.clip(100 * (worst - v) / (worst - 1));
        return List.of(new MetricValue(NAME, v, 1, pct), MetricValue.plain(NAME + "-skipped-classes", skipped));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "mean over classes (n_c >= 2) of erank(cov(u_i - mu_c)) on normalised features; optimum 1;"
                            + " % = 100(worst-v)/(worst-1), worst = mean min(d, n_c-1); also erank-intra-skipped-classes",
                    List.of(ErankParams.eps()),
                    params -> new ErankIntra());
        }
    }
}
