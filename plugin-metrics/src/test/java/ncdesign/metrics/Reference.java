package ncdesign.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately naive float64 implementation of every metric (explicit d×d matrices, pairwise
 * loops, cyclic Jacobi eigenvalues, explicit pseudo-inverse), used to cross-check the plugins.
 */
public final class Reference {
    private Reference() {
    }

    /** Eigenvalues (unsorted) and eigenvectors (columns of v) by cyclic Jacobi. */
    public static double[][] jacobi(double[][] a0, double[][] vOut) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[][] v = vOut != null ? vOut : new double[n][n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double tot = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    tot += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-30 * tot || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
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
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = a[i][i];
        }
        return new double[][] {ev};
    }

    public static double[] eig(double[][] a) {
        return jacobi(a, null)[0];
    }

    public static double erank(double[][] a, double eps) {
        double[] l = eig(a);
        int n = l.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            l[i] = Math.max(0, l[i]);
            sum += l[i];
        }
        if (sum <= 1e-12) {
            return 1;
        }
        double h = 0;
        for (double x : l) {
            double p = (x / sum + eps) / (1 + n * eps);
            h -= p * Math.log(p);
        }
        return Math.exp(h);
    }

    static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double nrm = Math.sqrt(s);
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = nrm == 0 ? 0 : v[i] / nrm;
        }
        return o;
    }

    static double[] unitF(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double nrm = Math.sqrt(s);
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = nrm == 0 ? 0 : v[i] / nrm;
        }
        return o;
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Sample covariance (n−1) of rows, d×d. */
    static double[][] cov(List<double[]> rows, int d) {
        int n = rows.size();
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] c = new double[d][d];
        for (double[] r : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / (n - 1);
                }
            }
        }
        return c;
    }

    static double gramH(double[][] g) {
        int k = g.length;
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = (g[i][j] + g[j][i]) / (2.0 * k);
            }
        }
        double h = 0;
        for (double l : eig(s)) {
            double c = Math.max(l, 1e-10);
            h -= c * Math.log(c);
        }
        return h;
    }

    static double std(List<Double> x) {
        double m = 0;
        for (double v : x) {
            m += v / x.size();
        }
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return x.size() < 2 ? 0 : Math.sqrt(s / (x.size() - 1));
    }

    /** Every metric value by name, with default parameters (eps 1e-7, rcond 1e-10, mean-zero-tol 1e-6). */
    public static Map<String, Double> all(InMemoryFeatureSet fs) {
        int n = fs.size();
        int d = fs.dim();
        int k = fs.numClasses();
        int[] y = fs.labels();
        double[][] u = new double[n][];
        for (int i = 0; i < n; i++) {
            u[i] = unitF(java.util.Arrays.copyOfRange(fs.features(), i * d, (i + 1) * d));
        }
        float[][] wr = fs.weights().orElse(null);
        double[][] w = null;
        if (wr != null) {
            w = new double[k][];
            for (int c = 0; c < k; c++) {
                w[c] = unitF(wr[c]);
            }
        }
        List<List<double[]>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(y[i]).add(u[i]);
        }
        List<Integer> present = new ArrayList<>();
        double[][] mu = new double[k][d];
        for (int c = 0; c < k; c++) {
            List<double[]> rows = byClass.get(c);
            if (!rows.isEmpty()) {
                present.add(c);
            }
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    mu[c][j] += r[j] / rows.size();
                }
            }
        }
        int kp = present.size();
        List<double[]> means = new ArrayList<>();
        for (int c : present) {
            means.add(mu[c]);
        }
        double[] mbar = new double[d];
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                mbar[j] += m[j] / kp;
            }
        }
        double[][] mt = new double[kp][d];
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < d; j++) {
                mt[i][j] = means.get(i)[j] - mbar[j];
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double eps = 1e-7;
        // erank-intra
        double s = 0;
        int cnt = 0;
        int skipped = 0;
        for (int c = 0; c < k; c++) {
            if (byClass.get(c).size() >= 2) {
                s += erank(cov(byClass.get(c), d), eps);
                cnt++;
            } else {
                skipped++;
            }
        }
        out.put("erank-intra", s / cnt);
        out.put("erank-intra-skipped-classes", (double) skipped);
        out.put("erank-inter", erank(cov(means, d), eps));
        // align-instance, pairwise
        s = 0;
        cnt = 0;
        for (int c = 0; c < k; c++) {
            List<double[]> rows = byClass.get(c);
            if (rows.size() < 2) {
                continue;
            }
            double t = 0;
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < rows.size(); j++) {
                    if (i != j) {
                        t += dist2(rows.get(i), rows.get(j));
                    }
                }
            }
            s += t / (rows.size() * (rows.size() - 1.0));
            cnt++;
        }
        out.put("align-instance", s / cnt);
        // nc1
        double[][] sw = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    sw[a][b] += (u[i][a] - mu[y[i]][a]) * (u[i][b] - mu[y[i]][b]) / n;
                }
            }
        }
        double[][] sb = new double[d][d];
        for (double[] m : mt) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    sb[a][b] += m[a] * m[b] / kp;
                }
            }
        }
        double[][] vecs = new double[d][d];
        double[] lam = jacobi(sb, vecs)[0];
        double lmax = 0;
        for (double l : lam) {
            lmax = Math.max(lmax, l);
        }
        double[][] pinv = new double[d][d];
        for (int q = 0; q < d; q++) {
            if (lam[q] > 1e-10 * lmax) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        pinv[a][b] += vecs[a][q] * vecs[b][q] / lam[q];
                    }
                }
            }
        }
        double tr = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                tr += sw[a][b] * pinv[b][a];
            }
        }
        out.put("nc1", tr / kp);
        // nc2
        List<Double> norms = new ArrayList<>();
        for (double[] m : mt) {
            norms.add(Math.sqrt(dot(m, m)));
        }
        double nm = 0;
        for (double v : norms) {
            nm += v / kp;
        }
        out.put("nc2-equinorm-means", std(norms) / nm);
        if (wr != null) {
            List<Double> wn = new ArrayList<>();
            for (float[] row : wr) {
                double q = 0;
                for (float x : row) {
                    q += (double) x * x;
                }
                wn.add(Math.sqrt(q));
            }
            double wm = 0;
            for (double v : wn) {
                wm += v / k;
            }
            out.put("nc2-equinorm-weights", std(wn) / wm);
        }
        List<Double> cos = new ArrayList<>();
        double coh = 0;
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < kp; j++) {
                if (i == j) {
                    continue;
                }
                double cc = dot(unit(mt[i]), unit(mt[j]));
                if (i < j) {
                    cos.add(cc);
                }
                coh += Math.abs(cc + 1.0 / (kp - 1)) / (kp * (kp - 1.0));
            }
        }
        out.put("nc2-equiangular-std", std(cos));
        out.put("nc2-equiangular-max", coh);
        double[][] g = new double[kp][kp];
        double gf = 0;
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < kp; j++) {
                g[i][j] = dot(mt[i], mt[j]);
                gf += g[i][j] * g[i][j];
            }
        }
        gf = Math.sqrt(gf);
        double dd = 0;
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < kp; j++) {
                double e = ((i == j ? 1 : 0) - 1.0 / kp) / Math.sqrt(kp - 1.0);
                dd += Math.pow(g[i][j] / gf - e, 2);
            }
        }
        out.put("nc2-etf-distance", Math.sqrt(dd));
        // ncc
        int[] ncc = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c : present) {
                double q = dist2(u[i], mu[c]);
                if (q < best) {
                    best = q;
                    ncc[i] = c;
                }
            }
        }
        double ok = 0;
        for (int i = 0; i < n; i++) {
            ok += ncc[i] == y[i] ? 1 : 0;
        }
        out.put("ncc-accuracy", ok / n);
        int[] pred = fs.predictions().orElse(null);
        if (pred == null && w != null) {
            pred = new int[n];
            for (int i = 0; i < n; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double q = dot(u[i], w[c]);
                    if (q > best) {
                        best = q;
                        pred[i] = c;
                    }
                }
            }
        }
        if (pred != null) {
            double acc = 0;
            double dis = 0;
            for (int i = 0; i < n; i++) {
                acc += pred[i] == y[i] ? 1 : 0;
                dis += pred[i] != ncc[i] ? 1 : 0;
            }
            out.put("accuracy", acc / n);
            out.put("nc4", dis / n);
        }
        if (w != null) {
            List<double[]> wl = new ArrayList<>(List.of(w));
            out.put("erank-weights", erank(cov(wl, d), eps));
            s = 0;
            for (int i = 0; i < n; i++) {
                s += dist2(w[y[i]], u[i]);
            }
            out.put("align-weight-instance", s / n);
            s = 0;
            for (int c : present) {
                s += dist2(w[c], unit(mu[c]));
            }
            out.put("align-weight-class", s / kp);
            // nc3
            double wf = 0;
            double mf = 0;
            for (int i = 0; i < kp; i++) {
                wf += dot(w[present.get(i)], w[present.get(i)]);
                mf += dot(mt[i], mt[i]);
            }
            wf = Math.sqrt(wf);
            mf = Math.sqrt(mf);
            double v = 0;
            for (int i = 0; i < kp; i++) {
                for (int j = 0; j < d; j++) {
                    v += Math.pow(w[present.get(i)][j] / wf - mt[i][j] / mf, 2);
                }
            }
            out.put("nc3", v);
            // mir / hdr
            double[] mg = new double[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    mg[j] += u[i][j] / n;
                }
            }
            double[] gh = Math.sqrt(dot(mg, mg)) <= 1e-6 ? new double[d] : unit(mg);
            double[][] gw = new double[kp][kp];
            double[][] gm = new double[kp][kp];
            double[][] had = new double[kp][kp];
            double[][] m = new double[kp][];
            for (int i = 0; i < kp; i++) {
                double[] a = unit(mu[present.get(i)]);
                for (int j = 0; j < d; j++) {
                    a[j] -= gh[j];
                }
                m[i] = unit(a);
            }
            for (int i = 0; i < kp; i++) {
                for (int j = 0; j < kp; j++) {
                    gw[i][j] = dot(w[present.get(i)], w[present.get(j)]);
                    gm[i][j] = dot(m[i], m[j]);
                    had[i][j] = gw[i][j] * gm[i][j];
                }
            }
            double hw = gramH(gw);
            double hm = gramH(gm);
            double hwm = gramH(had);
            out.put("mir", (hw + hm - hwm) / Math.min(hw, hm));
            out.put("hdr", Math.abs(hw - hm) / Math.max(hw, hm));
        }
        return out;
    }
}
