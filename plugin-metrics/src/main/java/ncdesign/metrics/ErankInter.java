package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code erank-inter}: erank(cov({μ_c})), the effective rank of the sample covariance (divided by K' − 1) of the
 * class-mean rows μ_c of the normalised features, over the K' classes with samples, as a d×d matrix (its spectrum is
 * taken from the K'×K' Gram when K' < d). Optimum min(K' − 1, d): K' − 1 for a simplex, capped by d when the
 * classes do not fit. Percent of optimum: 100·(v − 1)/(optimum − 1) clipped to [0, 100] (1 = all means on a line).
 */
public final class ErankInter implements Metric {
    static final String NAME = "erank-inter";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx), ctx.params().getDouble("eps"));
    }

    static List<MetricValue> compute(ClassStats s, double eps) {
        s.requirePresentClasses(NAME, 2);
        return List.of(spread(NAME, Geometry.presentMeans(s), s.dim(), eps));
    }

    /** erank of the covariance of {@code rows} with optimum min(rows − 1, d) and worst 1. */
    static MetricValue spread(String name, double[][] rows, int d, double eps) {
        double v = Geometry.inRange(name, Spectral.erank(Spectral.covarianceEigenvalues(rows, d), d, eps, Geometry.ZERO_TRACE), 1, d);
        double optimum = Math.min(rows.length - 1, d);
        return new MetricValue(name, v, optimum, Geometry.pctBetween(v, optimum, 1));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "erank(cov(class means mu_c)) on normalised features; optimum min(K-1, d);"
                            + " % = 100(v-1)/(optimum-1) clipped",
                    List.of(ErankParams.eps()),
                    params -> new ErankInter());
        }
    }
}
