package ncdesign.metrics.linalg;

/**
 * Eigen-decomposition of a real symmetric matrix in double precision: Householder tridiagonalisation followed by
 * the implicit QL algorithm with Wilkinson-type shifts (the EISPACK tred2/tql2 scheme, rewritten so that every
 * inner loop runs along a row, which keeps large matrices cache-friendly and lets the JIT vectorise).
 *
 * <p>Only the upper triangle and diagonal of the input are relied on to be exact; the input is read as a full
 * {@code double[n][n]} and is <b>overwritten</b> (pass a copy if you need it). Eigenvalues are returned in
 * ascending order; eigenvectors, when asked for, are the rows of {@link Decomposition#vectors()}.
 */
public final class SymmetricEigen {
    private static final double EPS = Math.ulp(1.0);

    private SymmetricEigen() {
    }

    /** Eigenvalues and orthonormal eigenvectors: {@code A · vectors[i] = values[i] · vectors[i]}. */
    public record Decomposition(double[] values, double[][] vectors) {
    }

    /** Eigenvalues of the symmetric matrix {@code a} (overwritten), ascending; O(n³) with no eigenvector work. */
    public static double[] eigenvalues(double[][] a) {
        int n = checkSquare(a);
        double[] diag = new double[n];
        double[] off = new double[n];
        tridiagonalize(a, diag, off, null);
        ql(diag, off, null);
        return diag;
    }

    /** Eigenvalues (ascending) and eigenvectors (rows) of the symmetric matrix {@code a} (overwritten). */
    public static Decomposition decompose(double[][] a) {
        int n = checkSquare(a);
        double[] diag = new double[n];
        double[] off = new double[n];
        double[] betas = new double[n];
        tridiagonalize(a, diag, off, betas);
        double[][] vt = accumulateTransposedQ(a, betas);
        ql(diag, off, vt);
        return new Decomposition(diag, vt);
    }

    private static int checkSquare(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("matrix is not square: " + n + " rows, a row of length " + row.length);
            }
        }
        return n;
    }

    /**
     * Householder reduction A = Q T Qᵀ. T has diagonal {@code diag} and off-diagonal {@code off[k]} coupling k and
     * k+1 ({@code off[n-1] = 0}). When {@code betas} is non-null the Householder vectors are left in the rows of
     * {@code a} (v_k in a[k][k+1..]) with their scale factors in {@code betas}.
     */
    private static void tridiagonalize(double[][] a, double[] diag, double[] off, double[] betas) {
        int n = a.length;
        if (n == 0) {
            return;
        }
        double[] v = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            double[] rk = a[k];
            diag[k] = rk[k];
            int s = k + 1;
            double xmax = 0;
            for (int j = s; j < n; j++) {
                xmax = Math.max(xmax, Math.abs(rk[j]));
            }
            if (xmax == 0) {
                off[k] = 0;
                if (betas != null) {
                    betas[k] = 0;
                }
                continue;
            }
            // The Householder vector is built from the row scaled by 1/xmax: H = I − β v vᵀ does not depend on the
            // scale of v, and unscaled entries below ~1e-154 (round-off left in the null space of a rank-deficient
            // covariance) would square to zero, making β infinite and every later value NaN.
            double sigma = 0;
            for (int j = s; j < n; j++) {
                v[j] = rk[j] / xmax;
                sigma += v[j] * v[j];
            }
            double norm = Math.sqrt(sigma);
            double alpha = v[s] > 0 ? -norm : norm;
            v[s] -= alpha;
            double vtv = 0;
            for (int j = s; j < n; j++) {
                vtv += v[j] * v[j];
            }
            double beta = 2.0 / vtv;
            off[k] = alpha * xmax;
            // p = beta · B v, with B = a[s..][s..] symmetric, accumulated row by row.
            for (int j = s; j < n; j++) {
                p[j] = 0;
            }
            for (int i = s; i < n; i++) {
                double vi = v[i];
                if (vi == 0) {
                    continue;
                }
                double[] row = a[i];
                for (int j = s; j < n; j++) {
                    p[j] += vi * row[j];
                }
            }
            double pv = 0;
            for (int j = s; j < n; j++) {
                p[j] *= beta;
                pv += p[j] * v[j];
            }
            double kk = 0.5 * beta * pv;
            for (int j = s; j < n; j++) {
                p[j] -= kk * v[j]; // p now holds w
            }
            for (int i = s; i < n; i++) {
                double vi = v[i];
                double wi = p[i];
                double[] row = a[i];
                for (int j = s; j < n; j++) {
                    row[j] -= vi * p[j] + wi * v[j];
                }
            }
            if (betas != null) {
                betas[k] = beta;
                for (int j = s; j < n; j++) {
                    rk[j] = v[j];
                }
            }
        }
        if (n >= 2) {
            diag[n - 2] = a[n - 2][n - 2];
            off[n - 2] = a[n - 2][n - 1];
            if (betas != null) {
                betas[n - 2] = 0;
            }
        }
        diag[n - 1] = a[n - 1][n - 1];
        off[n - 1] = 0;
    }

    /** Qᵀ from the stored Householder vectors, by backward accumulation (Q = H_0 ⋯ H_{n-3}). */
    private static double[][] accumulateTransposedQ(double[][] a, double[] betas) {
        int n = a.length;
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            x[i][i] = 1;
        }
        double[] s = new double[n];
        for (int k = n - 3; k >= 0; k--) {
            double beta = betas[k];
            if (beta == 0) {
                continue;
            }
            double[] v = a[k];
            int st = k + 1;
            for (int j = st; j < n; j++) {
                s[j] = 0;
            }
            for (int i = st; i < n; i++) {
                double vi = v[i];
                double[] row = x[i];
                for (int j = st; j < n; j++) {
                    s[j] += vi * row[j];
                }
            }
            for (int i = st; i < n; i++) {
                double f = beta * v[i];
                double[] row = x[i];
                for (int j = st; j < n; j++) {
                    row[j] -= f * s[j];
                }
            }
        }
        // transpose in place: rows of the result are the columns of Q
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double t = x[i][j];
                x[i][j] = x[j][i];
                x[j][i] = t;
            }
        }
        return x;
    }

    /**
     * Implicit QL on the tridiagonal (d, e); on return d holds the eigenvalues in ascending order and, when
     * {@code vt} is non-null, its rows (initially Qᵀ) are the matching eigenvectors.
     */
    private static void ql(double[] d, double[] e, double[][] vt) {
        int n = d.length;
        if (n == 0) {
            return;
        }
        double f = 0;
        double tst1 = 0;
        int maxIter = 60 * Math.max(n, 1);
        int iterations = 0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) {
                m++;
            }
            if (m > l) {
                do {
                    if (++iterations > maxIter) {
                        throw new ArithmeticException("symmetric eigen-decomposition did not converge (n = " + n + ")");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1;
                    double el1 = e[l + 1];
                    double s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (vt != null) {
                            double[] v0 = vt[i];
                            double[] v1 = vt[i + 1];
                            for (int k = 0; k < n; k++) {
                                double hk = v1[k];
                                v1[k] = s * v0[k] + c * hk;
                                v0[k] = c * v0[k] - s * hk;
                            }
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        // selection sort, ascending (n swaps of vector rows at most)
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                if (vt != null) {
                    double[] t = vt[i];
                    vt[i] = vt[k];
                    vt[k] = t;
                }
            }
        }
    }

    private static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        if (x < y) {
            double t = x;
            x = y;
            y = t;
        }
        if (x == 0) {
            return 0;
        }
        double q = y / x;
        return x * Math.sqrt(1 + q * q);
    }
}
