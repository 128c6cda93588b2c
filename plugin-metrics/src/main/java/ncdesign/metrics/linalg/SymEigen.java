package ncdesign.metrics.linalg;

/**
 * Eigen-decomposition of real symmetric matrices in double precision.
 * <ul>
 *   <li>{@link #eigenvalues}: Householder reduction to tridiagonal form (≈ 4n³/3 flops, no vectors accumulated)
 *       followed by the implicit QL algorithm — used for the effective ranks of d×d covariances;</li>
 *   <li>{@link #decompose}: cyclic Jacobi rotations with eigenvectors — used for small (K×K) matrices.</li>
 * </ul>
 */
public final class SymEigen {
    private static final double EPS = Math.ulp(1.0);

    private SymEigen() {
    }

    /** Eigenvalues of a symmetric matrix (only the lower triangle is read; the input is not modified). */
    public static double[] eigenvalues(double[][] matrix) {
        int n = matrix.length;
        if (n == 0) {
            return new double[0];
        }
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new double[n];
            for (int j = 0; j <= i; j++) {
                a[i][j] = matrix[i][j];
                a[j][i] = matrix[i][j];
            }
        }
        double[] d = new double[n];
        double[] e = new double[n]; // e[i] = A(i+1, i) of the tridiagonal form
        double[] v = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            int s = k + 1;
            double norm = 0;
            for (int i = s; i < n; i++) {
                norm += a[i][k] * a[i][k];
            }
            norm = Math.sqrt(norm);
            d[k] = a[k][k];
            if (norm == 0) {
                e[k] = 0;
                continue;
            }
            double alpha = a[s][k] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = s; i < n; i++) {
                v[i] = a[i][k];
            }
            v[s] -= alpha;
            for (int i = s; i < n; i++) {
                vv += v[i] * v[i];
            }
            e[k] = alpha;
            if (vv == 0) {
                continue;
            }
            double beta = 2.0 / vv;
            // p = beta · A v over the trailing block
            double vp = 0;
            for (int i = s; i < n; i++) {
                double sum = 0;
                double[] ai = a[i];
                for (int j = s; j < n; j++) {
                    sum += ai[j] * v[j];
                }
                p[i] = beta * sum;
                vp += v[i] * p[i];
            }
            double kk = beta * vp / 2;
            for (int i = s; i < n; i++) {
                p[i] -= kk * v[i]; // q
            }
            for (int i = s; i < n; i++) {
                double vi = v[i];
                double qi = p[i];
                double[] ai = a[i];
                for (int j = s; j < n; j++) {
                    ai[j] -= vi * p[j] + qi * v[j];
                }
            }
        }
        if (n >= 2) {
            d[n - 2] = a[n - 2][n - 2];
            e[n - 2] = a[n - 1][n - 2];
        }
        d[n - 1] = a[n - 1][n - 1];
        e[n - 1] = 0;
        ql(d, e);
        java.util.Arrays.sort(d);
        return d;
    }

    /** Implicit QL on a symmetric tridiagonal matrix (diagonal d, sub-diagonal e shifted so e[i] = T(i+1, i)). */
    private static void ql(double[] d, double[] e) {
        int n = d.length;
        double f = 0;
        double tst1 = 0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n && Math.abs(e[m]) > EPS * tst1) {
                m++;
            }
            if (m == n) {
                m = n - 1;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 300) {
                        throw new ArithmeticException("eigenvalue iteration did not converge");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Math.hypot(p, 1.0);
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
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1);
            }
            d[l] = d[l] + f;
            e[l] = 0;
        }
    }

    /**
     * Eigenvalues and eigenvectors by cyclic Jacobi; {@code vectors[k]} is the unit eigenvector of
     * {@code values[k]}.
     */
    public record Decomposition(double[] values, double[][] vectors) {
    }

    public static Decomposition decompose(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (matrix[i][j] + matrix[j][i]);
            }
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-30 * Math.max(total, 1e-300)) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[k][k];
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v[i][k];
            }
        }
        return new Decomposition(values, vectors);
    }

    /** Moore–Penrose pseudo-inverse of a symmetric PSD matrix, dropping eigenvalues below rel·max. */
    public static double[][] pseudoInverse(double[][] matrix, double rel) {
        Decomposition dec = decompose(matrix);
        int n = matrix.length;
        double max = 0;
        for (double l : dec.values()) {
            max = Math.max(max, Math.abs(l));
        }
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            double l = dec.values()[k];
            if (Math.abs(l) <= rel * max || l == 0) {
                continue;
            }
            double[] u = dec.vectors()[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += u[i] * u[j] / l;
                }
            }
        }
        return out;
    }
}
