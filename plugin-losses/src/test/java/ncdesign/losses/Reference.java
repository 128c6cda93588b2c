package ncdesign.losses;

/** Plain float64 implementations of each loss formula, written independently of the TensorFlow versions. */
final class Reference {
    private Reference() {
    }

    static double[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.max(Math.sqrt(n), 1e-12);
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] / n;
        }
        return o;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** log Σ exp(x_j) over the given entries (stable). */
    static double lse(double[] x, boolean[] use) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < x.length; j++) {
            if (use[j]) {
                m = Math.max(m, x[j]);
            }
        }
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            if (use[j]) {
                s += Math.exp(x[j] - m);
            }
        }
        return m + Math.log(s);
    }

    static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    static double ce(double[][] z, double[][] w, double[] b, int[] y) {
        double t = 0;
        for (int i = 0; i < z.length; i++) {
            double[] logits = new double[w.length];
            for (int c = 0; c < w.length; c++) {
                logits[c] = dot(z[i], w[c]) + b[c];
            }
            t += lse(logits, all(w.length)) - logits[y[i]];
        }
        return t / z.length;
    }

    static double normface(double[][] z, double[][] w, int[] y, double tau) {
        double t = 0;
        for (int i = 0; i < z.length; i++) {
            double[] logits = new double[w.length];
            for (int c = 0; c < w.length; c++) {
                logits[c] = dot(unit(z[i]), unit(w[c])) / tau;
            }
            t += lse(logits, all(w.length)) - logits[y[i]];
        }
        return t / z.length;
    }

    /** ntce (all samples in the denominator) or nonl (other-class samples only). */
    static double anchored(double[][] z, double[][] w, int[] y, double tau, boolean excludeSame) {
        int m = z.length;
        double t = 0;
        int used = 0;
        for (int i = 0; i < m; i++) {
            double[] l = new double[m];
            boolean[] use = new boolean[m];
            boolean any = false;
            for (int j = 0; j < m; j++) {
                l[j] = dot(unit(w[y[i]]), unit(z[j])) / tau;
                use[j] = !excludeSame || y[j] != y[i];
                any |= use[j];
            }
            if (!any) {
                continue;
            }
            t += lse(l, use) - dot(unit(w[y[i]]), unit(z[i])) / tau;
            used++;
        }
        return used == 0 ? 0 : t / used;
    }

    static double nonlClasses(double[][] z, double[][] w, int[] y, double tau) {
        double t = 0;
        for (int i = 0; i < z.length; i++) {
            double[] l = new double[w.length];
            boolean[] use = new boolean[w.length];
            for (int c = 0; c < w.length; c++) {
                l[c] = dot(unit(z[i]), unit(w[c])) / tau;
                use[c] = c != y[i];
            }
            t += lse(l, use) - l[y[i]];
        }
        return t / z.length;
    }

    static double scl(double[][] u, double[][] v, int[] y, double tau) {
        int m = u.length;
        double[][] a = new double[2 * m][];
        int[] yy = new int[2 * m];
        for (int i = 0; i < m; i++) {
            a[i] = unit(u[i]);
            a[m + i] = unit(v[i]);
            yy[i] = y[i];
            yy[m + i] = y[i];
        }
        double t = 0;
        for (int i = 0; i < 2 * m; i++) {
            double[] s = new double[2 * m];
            boolean[] use = new boolean[2 * m];
            for (int k = 0; k < 2 * m; k++) {
                s[k] = dot(a[i], a[k]) / tau;
                use[k] = k != i;
            }
            double l = lse(s, use);
            double sum = 0;
            int p = 0;
            for (int k = 0; k < 2 * m; k++) {
                if (k != i && yy[k] == yy[i]) {
                    sum += s[k] - l;
                    p++;
                }
            }
            t += -sum / p;
        }
        return t / (2 * m);
    }

    static double prototype(double[][] u, double[][] v, int[] y, int k, double tau, boolean normalizeMeans) {
        int m = u.length;
        int d = u[0].length;
        double[][] a = new double[2 * m][];
        int[] yy = new int[2 * m];
        for (int i = 0; i < m; i++) {
            a[i] = unit(u[i]);
            a[m + i] = unit(v[i]);
            yy[i] = y[i];
            yy[m + i] = y[i];
        }
        double[][] mu = new double[k][d];
        int[] n = new int[k];
        for (int i = 0; i < 2 * m; i++) {
            n[yy[i]]++;
            for (int j = 0; j < d; j++) {
                mu[yy[i]][j] += a[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                mu[c][j] /= Math.max(n[c], 1);
            }
            if (normalizeMeans && n[c] > 0) {
                mu[c] = unit(mu[c]);
            }
        }
        double t = 0;
        for (int i = 0; i < 2 * m; i++) {
            double pos = Math.exp(dot(a[i], mu[yy[i]]) / tau);
            double den = -pos;
            for (int c = 0; c < k; c++) {
                den += n[c] * Math.exp(dot(a[i], mu[c]) / tau);
            }
            t += -Math.log(pos / den);
        }
        return t / (2 * m);
    }

    /** ETF+DR with a fresh BatchNorm (γ = 1, β = 0, batch statistics). */
    static double etfDr(double[][] z, double[][] mRows, int[] y) {
        int mm = z.length;
        int d = z[0].length;
        double[] mean = new double[d];
        double[] var = new double[d];
        for (double[] r : z) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / mm;
            }
        }
        for (double[] r : z) {
            for (int j = 0; j < d; j++) {
                var[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / mm;
            }
        }
        double t = 0;
        for (int i = 0; i < mm; i++) {
            double[] h = new double[d];
            for (int j = 0; j < d; j++) {
                h[j] = (z[i][j] - mean[j]) / Math.sqrt(var[j] + 1e-5);
            }
            h = unit(h);
            double[] m = mRows[y[i]];
            double diff = dot(h, m) - Math.sqrt(dot(m, m)) * Math.sqrt(dot(h, h));
            t += 0.5 * diff * diff / Math.sqrt(dot(h, h));
        }
        return t / mm;
    }

    static double margin(double[][] z, double[][] w, int[] y, double tau, double m, boolean angular) {
        double t = 0;
        for (int i = 0; i < z.length; i++) {
            double[] logits = new double[w.length];
            for (int c = 0; c < w.length; c++) {
                double cos = dot(unit(z[i]), unit(w[c]));
                if (c == y[i]) {
                    if (angular) {
                        cos = cos > Math.cos(Math.PI - m) ? Math.cos(Math.acos(cos) + m) : cos - Math.sin(Math.PI - m) * m;
                    } else {
                        cos -= m;
                    }
                }
                logits[c] = cos / tau;
            }
            t += lse(logits, all(w.length)) - logits[y[i]];
        }
        return t / z.length;
    }
}
