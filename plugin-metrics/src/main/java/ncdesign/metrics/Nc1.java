package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.ParamSpec;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.linalg.SymmetricEigen;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code nc1} (Papyan et al. 2020), on the normalised features u = z/‖z‖: tr(Σ_W Σ_B⁺)/K' with the pooled
 * within-class covariance Σ_W = (1/N) Σ_i (u_i − μ_{y_i})(u_i − μ_{y_i})ᵀ, the between-class covariance
 * Σ_B = (1/K') Σ_c (μ_c − μ̄)(μ_c − μ̄)ᵀ over the K' classes with samples, μ̄ the mean of their class means, and
 * ⁺ the Moore–Penrose pseudo-inverse from the eigen-decomposition, eigenvalues ≤ {@code rcond}·λ_max treated as 0
 * (taken from the K'×K' Gram of the centred means when K' < d, which has the same non-zero spectrum).
 * Optimum 0. Percent of optimum: 100/(1 + v) (NC1 has no natural upper bound; 50% at v = 1).
 */
public final class Nc1 implements Metric {
    static final String NAME = "nc1";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx), ctx.params().getDouble("rcond"));
    }

    static List<MetricValue> compute(ClassStats s, double rcond) {
        s.requirePresentClasses(NAME, 2);
        int d = s.dim();
        double[][] mt = Geometry.centred(Geometry.presentMeans(s), d);
        int kp = mt.length;
        double[][] sw = s.scatter().pooledWithin();
        double trace = 0;
        if (kp < d) {
            double[][] g = Spectral.gram(mt);
            for (double[] row : g) {
                for (int j = 0; j < kp; j++) {
                    row[j] /= kp;
                }
            }
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(g);
            double max = e.values()[kp - 1];
            requireSpread(max);
            double[] a = new double[d];
            double[] swa = new double[d];
            for (int q = 0; q < kp; q++) {
                double l = e.values()[q];
                if (!(l > rcond * max) || l <= 0) {
                    continue;
                }
                // a = M̃ᵀ u_q; the unit eigenvector of Σ_B is a/sqrt(K' λ)
                java.util.Arrays.fill(a, 0);
                double[] uq = e.vectors()[q];
                for (int c = 0; c < kp; c++) {
                    double f = uq[c];
                    double[] row = mt[c];
                    for (int j = 0; j < d; j++) {
                        a[j] += f * row[j];
                    }
                }
                quadraticProduct(sw, a, swa);
                trace += Spectral.dot(a, swa) / (kp * l * l);
            }
        } else {
            double[][] sb = Spectral.scatter(mt, d);
            for (double[] row : sb) {
                for (int j = 0; j < d; j++) {
                    row[j] /= kp;
                }
            }
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(sb);
            double max = e.values()[d - 1];
            requireSpread(max);
            double[] swv = new double[d];
            for (int q = 0; q < d; q++) {
                double l = e.values()[q];
                if (!(l > rcond * max) || l <= 0) {
                    continue;
                }
                double[] v = e.vectors()[q];
                quadraticProduct(sw, v, swv);
                trace += Spectral.dot(v, swv) / l;
            }
        }
        double v = Geometry.inRange(NAME, trace / kp, 0, Double.POSITIVE_INFINITY);
        return List.of(new MetricValue(NAME, v, 0, 100 / (1 + v)));
    }

    /** NC1 divides by the between-class covariance: when the class means coincide it is 0, and NC1 is undefined (not 0). */
    private static void requireSpread(double maxEigenvalue) {
        if (!(maxEigenvalue > Geometry.ZERO_TRACE)) {
            throw new PluginException("metric '" + NAME + "' is undefined: the class means coincide (between-class covariance "
                    + maxEigenvalue + "), so there is no between-class spread to compare the within-class spread with");
        }
    }

    /** out = S a for symmetric S. */
    private static void quadraticProduct(double[][] s, double[] a, double[] out) {
        for (int i = 0; i < a.length; i++) {
            out[i] = Spectral.dot(s[i], a);
        }
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "Papyan NC1 tr(Sigma_W Sigma_B^+)/K on normalised features (pooled Sigma_W over samples);"
                            + " optimum 0; % = 100/(1+v)",
                    List.of(ParamSpec.ofDouble("rcond", 1e-10,
                            "pseudo-inverse cutoff: eigenvalues of Sigma_B <= rcond * the largest count as 0").atLeast(0)),
                    params -> new Nc1());
        }
    }
}
