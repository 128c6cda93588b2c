package ncdesign.metrics.linalg;

/**
 * Spectral quantities used by the metrics: effective rank, the Gram entropy of MIR/HDR, Gram and covariance
 * matrices of row sets, and the pseudo-inverse trace of NC1. All in double precision.
 */
public final class Spectral {
    /** Default smoothing of {@link #erank}. */
    public static final double DEFAULT_ERANK_EPS = 1e-7;
    /** Eigenvalue floor of {@link #gramEntropy}. */
    public static final double ENTROPY_FLOOR = 1e-10;

    private Spectral() {
    }

    /**
     * Effective rank of a symmetric PSD n×n matrix from its eigenvalues: negative round-off eigenvalues are clamped
     * to 0, p_i = (λ_i/Σλ + ε)/(1 + nε) and erank = exp(−Σ p_i ln p_i). {@code eigenvalues} may list fewer than
     * {@code n} values; the missing ones are zeros (used when the spectrum comes from a smaller Gram matrix).
     * A matrix whose clamped trace is at most {@code zeroTrace} is the zero matrix, whose effective rank is 1.
     */
    public static double erank(double[] eigenvalues, int n, double eps, double zeroTrace) {
        if (eigenvalues.length > n) {
            throw new IllegalArgumentException(eigenvalues.length + " eigenvalues for an " + n + "×" + n + " matrix");
        }
        double sum = 0;
        for (double l : eigenvalues) {
            if (!Double.isFinite(l)) {
                // never let a failed decomposition pass for the zero matrix (erank 1)
                throw new ArithmeticException("effective rank of a spectrum with a non-finite eigenvalue (" + l + ")");
            }
            sum += Math.max(l, 0);
        }
        if (!(sum > zeroTrace) || n == 0) {
            return 1.0;
        }
        double denom = 1 + n * eps;
        double h = 0;
        for (double l : eigenvalues) {
            double p = (Math.max(l, 0) / sum + eps) / denom;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        int missing = n - eigenvalues.length;
        if (missing > 0 && eps > 0) {
            double p = eps / denom;
            h -= missing * p * Math.log(p);
        }
        return Math.exp(h);
    }

    /** {@link #erank(double[], int, double, double)} with an exact-zero test for the zero matrix. */
    public static double erank(double[] eigenvalues, int n, double eps) {
        return erank(eigenvalues, n, eps, 0.0);
    }

    /** Effective rank of the symmetric PSD matrix {@code a} (not modified). */
    public static double erank(double[][] a, double eps) {
        return erank(SymmetricEigen.eigenvalues(copy(a)), a.length, eps, 0.0);
    }

    /**
     * H(G) = −Σ λ ln λ over the eigenvalues λ of (G + Gᵀ)/(2K), each clamped to at least {@value #ENTROPY_FLOOR};
     * G is K×K and not modified.
     */
    public static double gramEntropy(double[][] g) {
        int k = g.length;
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = (g[i][j] + g[j][i]) / (2.0 * k);
            }
        }
        return entropyOfEigenvalues(SymmetricEigen.eigenvalues(s));
    }

    /** −Σ λ ln λ with every λ clamped to at least {@value #ENTROPY_FLOOR}. */
    public static double entropyOfEigenvalues(double[] values) {
        double h = 0;
        for (double l : values) {
            double c = Math.max(l, ENTROPY_FLOOR);
            h -= c * Math.log(c);
        }
        return h;
    }

    /** Gram matrix X Xᵀ of the rows of X (r × c), r × r. */
    public static double[][] gram(double[][] x) {
        int r = x.length;
        double[][] g = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                double s = dot(x[i], x[j]);
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** Scatter XᵀX of the rows of X (r × c), c × c. */
    public static double[][] scatter(double[][] x, int c) {
        double[][] s = new double[c][c];
        for (double[] row : x) {
            for (int i = 0; i < c; i++) {
                double xi = row[i];
                if (xi == 0) {
                    continue;
                }
                double[] si = s[i];
                for (int j = i; j < c; j++) {
                    si[j] += xi * row[j];
                }
            }
        }
        mirrorUpper(s);
        return s;
    }

    /** Copies the upper triangle onto the lower one. */
    public static void mirrorUpper(double[][] s) {
        int c = s.length;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < i; j++) {
                s[i][j] = s[j][i];
            }
        }
    }

    /** Rows minus their mean (a new matrix). */
    public static double[][] centreRows(double[][] x, int c) {
        int r = x.length;
        double[] mean = new double[c];
        for (double[] row : x) {
            for (int j = 0; j < c; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < c; j++) {
            mean[j] /= r;
        }
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = x[i][j] - mean[j];
            }
        }
        return out;
    }

    /**
     * Eigenvalues of the sample covariance (divide by r−1) of the r rows of X (r × c), as a c×c matrix; computed
     * from the smaller of the c×c covariance and the r×r Gram of the centred rows (same non-zero spectrum), so the
     * array may hold only r values (the rest are zeros). Requires r ≥ 2.
     */
    public static double[] covarianceEigenvalues(double[][] x, int c) {
        int r = x.length;
        double[][] centred = centreRows(x, c);
        double[][] m = r < c ? gram(centred) : scatter(centred, c);
        double scale = 1.0 / (r - 1);
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        return SymmetricEigen.eigenvalues(m);
    }

    /** Dot product. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Euclidean norm. */
    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Deep copy. */
    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
