package ncdesign.metrics.metric;

import ncdesign.metrics.linalg.SymEigen;

/** Formulas shared by the metrics. */
final class Geometry {
    /** Trace below which a covariance of unit vectors is treated as zero (float32 round-off). */
    static final double ZERO_TRACE = 1e-10;

    private Geometry() {
    }

    /**
     * Effective rank (Roy &amp; Vetterli) of a symmetric PSD matrix: p_i = (λ_i/Σλ + ε)/(1 + nε),
     * erank = exp(−Σ p_i ln p_i). Negative round-off eigenvalues count as 0; an all-zero matrix has erank 1, and so
     * has one whose trace is below {@value #ZERO_TRACE}: the metrics measure unit vectors stored in float32, whose
     * round-off alone leaves a covariance of trace ~1e-13 after exact collapse, and its spectrum is noise.
     */
    static double effectiveRank(double[][] a, double eps) {
        double[] l = SymEigen.eigenvalues(a);
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.max(l[i], 0);
            sum += l[i];
        }
        if (!(sum > ZERO_TRACE)) {
            return 1.0;
        }
        int n = l.length;
        double h = 0;
        for (double li : l) {
            double p = (li / sum + eps) / (1 + n * eps);
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }

    /** Sample covariance (divide by n−1) of the rows of {@code x}. */
    static double[][] covariance(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] c = new double[d][d];
        for (double[] r : x) {
            for (int i = 0; i < d; i++) {
                double ri = r[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    c[i][j] += ri * (r[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                c[i][j] /= Math.max(1, n - 1);
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    static double[] normalize(double[] v) {
        double s = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        double inv = 1.0 / Math.max(s, 1e-12);
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[][] gram(double[][] rows) {
        int k = rows.length;
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i][j] = dot(rows[i], rows[j]);
            }
        }
        return g;
    }

    /** H(G) = −Σ λ ln λ over the eigenvalues of (G + Gᵀ)/(2K), each clamped to at least 1e-10. */
    static double spectralEntropy(double[][] g) {
        int k = g.length;
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = (g[i][j] + g[j][i]) / (2.0 * k);
            }
        }
        double h = 0;
        for (double l : SymEigen.eigenvalues(s)) {
            double c = Math.max(l, 1e-10);
            h -= c * Math.log(c);
        }
        return h;
    }

    /** Gram of the simplex ETF for K classes: 1 on the diagonal, −1/(K−1) off it. */
    static double[][] etfGram(int k) {
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i][j] = i == j ? 1 : -1.0 / (k - 1);
            }
        }
        return g;
    }

    /** MIR of two Grams: (H(A) + H(B) − H(A∘B)) / min(H(A), H(B)). */
    static double mir(double[][] a, double[][] b) {
        int k = a.length;
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] = a[i][j] * b[i][j];
            }
        }
        double ha = spectralEntropy(a);
        double hb = spectralEntropy(b);
        return (ha + hb - spectralEntropy(h)) / Math.min(ha, hb);
    }

    /** HDR of two Grams: |H(A) − H(B)| / max(H(A), H(B)). */
    static double hdr(double[][] a, double[][] b) {
        double ha = spectralEntropy(a);
        double hb = spectralEntropy(b);
        return Math.abs(ha - hb) / Math.max(ha, hb);
    }

    static double clip(double pct) {
        return Double.isNaN(pct) ? pct : Math.max(0, Math.min(100, pct));
    }
}
