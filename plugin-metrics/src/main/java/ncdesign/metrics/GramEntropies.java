package ncdesign.metrics;

import ncdesign.api.metric.MetricContext;
import ncdesign.api.param.ParamSpec;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.stats.ClassStats;

/**
 * The three entropies of MIR and HDR (Song et al. 2024) over the K' classes with samples:
 * G_W = Gram of ŵ_c, m_c = normalise(normalise(μ_c) − normalise(μ_G)), G_M = Gram of m_c, and
 * H(G) = −Σ λ ln λ over the eigenvalues of (G + Gᵀ)/(2K'), each clamped to at least 1e-10.
 * normalise(v) is 0 when ‖v‖ ≤ {@code meanZeroTol} (only the global mean is ever that small in practice: it vanishes
 * at a balanced simplex, where its direction is round-off).
 */
record GramEntropies(double hw, double hm, double hwm, int classes) {

    static ParamSpec meanZeroTolParam() {
        return ParamSpec.ofDouble("mean-zero-tol", 1e-6,
                "a global mean mu_G (or class mean) with norm <= this normalises to 0").atLeast(0);
    }

    /** The key of the entropies in a pass's shared store: they depend on the tolerance as well as the features. */
    private record SharedKey(double meanZeroTol) {
    }

    /** The entropies of the context's features, computed once per pass and tolerance (MIR and HDR both read them). */
    static GramEntropies of(MetricContext ctx, String metric, double meanZeroTol) {
        ClassStats s = ClassStats.of(ctx);
        return ctx.shared(new SharedKey(meanZeroTol), GramEntropies.class, () -> of(s, metric, meanZeroTol));
    }

    static GramEntropies of(ClassStats s, String metric, double meanZeroTol) {
        s.requirePresentClasses(metric, 2);
        double[][] w = Geometry.presentWeights(s, metric);
        int kp = w.length;
        s.requireSimplexFits(metric, kp);
        double[][] means = Geometry.presentMeans(s);
        double[] g = Geometry.normalised(s.globalMean(), meanZeroTol);
        double[][] m = new double[kp][];
        for (int i = 0; i < kp; i++) {
            double[] mu = Geometry.normalised(means[i], meanZeroTol);
            for (int j = 0; j < mu.length; j++) {
                mu[j] -= g[j];
            }
            m[i] = Geometry.normalised(mu, 0);
        }
        double[][] gw = Spectral.gram(w);
        double[][] gm = Spectral.gram(m);
        double[][] had = new double[kp][kp];
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < kp; j++) {
                had[i][j] = gw[i][j] * gm[i][j];
            }
        }
        return new GramEntropies(Spectral.gramEntropy(gw), Spectral.gramEntropy(gm), Spectral.gramEntropy(had), kp);
    }

    /** (H(G_W) + H(G_M) − H(G_W∘G_M)) / min(H(G_W), H(G_M)). */
    double mir() {
        return (hw + hm - hwm) / Math.min(hw, hm);
    }

    /** |H(G_W) − H(G_M)| / max(H(G_W), H(G_M)). */
    double hdr() {
        return Math.abs(hw - hm) / Math.max(hw, hm);
    }

    /**
     * MIR at an exact simplex ETF of K vertices, from the closed-form spectra: G/K has K − 1 eigenvalues 1/(K − 1)
     * and one 0; (G∘G)/K has one eigenvalue 1/(K − 1) and K − 1 eigenvalues (K − 2)/(K − 1)² (same clamping).
     */
    static double etfMir(int k) {
        double[] g = new double[k];
        double[] gg = new double[k];
        for (int i = 0; i < k - 1; i++) {
            g[i] = 1.0 / (k - 1);
            gg[i] = (k - 2.0) / ((k - 1.0) * (k - 1.0));
        }
        g[k - 1] = 0;
        gg[k - 1] = 1.0 / (k - 1);
        double h = Spectral.entropyOfEigenvalues(g);
        return (2 * h - Spectral.entropyOfEigenvalues(gg)) / h;
    }
}
