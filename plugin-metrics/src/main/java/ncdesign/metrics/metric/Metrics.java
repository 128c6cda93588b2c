package ncdesign.metrics.metric;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import ncdesign.metrics.linalg.SymEigen;

/**
 * The Neural Collapse metrics, following the paper's official code so values compare with its tables. Every
 * metric works on the normalised features u = z/‖z‖ and weights ŵ = w/‖w‖ (for every loss, CE included).
 * μ_c is the mean of u over class c, μ_G the mean of all u; cov divides by n−1.
 *
 * <p>"% of optimum" (what the paper's ≥95% claims refer to) is computed per metric as documented on each
 * provider: for effective ranks the position between the worst value and the optimum, for squared distances of
 * unit vectors 100·(1 − v/2) (2 is the expected squared distance of unrelated unit vectors), for MIR v/optimum,
 * for HDR 100·(1 − v), always clipped to [0, 100].
 */
final class Metrics {
    private Metrics() {
    }

    /** erank-intra: mean over classes (≥ 2 samples) of erank(cov{u_i − μ_c}); optimum 1; % = 100·(d − v)/(d − 1). */
    @AutoService(MetricProvider.class)
    public static final class ErankIntra extends NcMetric {
        @Override
        public String name() {
            return "erank-intra";
        }

        @Override
        public String description() {
            return "mean effective rank of within-class covariances of u; optimum 1; % = 100(d-v)/(d-1)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(EPS);
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double eps = p.getDouble("eps");
            List<Integer> used = new ArrayList<>();
            for (int c = 0; c < s.k; c++) {
                if (s.counts[c] >= 2) {
                    used.add(c);
                }
            }
            double total = used.parallelStream().mapToDouble(c -> Geometry.effectiveRank(s.classCovariance(c), eps)).sum();
            double v = used.isEmpty() ? Double.NaN : total / used.size();
            double pct = s.d == 1 ? 100 : Geometry.clip(100 * (s.d - v) / (s.d - 1));
            List<MetricValue> out = new ArrayList<>(List.of(new MetricValue(name(), v, 1, pct)));
            if (used.size() < s.k) {
                out.add(MetricValue.plain("erank-intra-skipped-classes", s.k - used.size()));
            }
            return out;
        }
    }

    /** erank-inter: erank(cov{μ_c}); optimum K−1; % = 100·(v − 1)/(K − 2). */
    @AutoService(MetricProvider.class)
    public static final class ErankInter extends NcMetric {
        @Override
        public String name() {
            return "erank-inter";
        }

        @Override
        public String description() {
            return "effective rank of the covariance of class means of u; optimum K-1; % = 100(v-1)/(K-2)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(EPS);
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            requireSimplexFits(s, name());
            double[][] mu = s.means();
            double[][] rows = java.util.Arrays.stream(s.present()).mapToObj(c -> mu[c]).toArray(double[][]::new);
            return List.of(rankValue(name(), Geometry.effectiveRank(Geometry.covariance(rows), p.getDouble("eps")), s.k));
        }
    }

    /** erank-weights: erank(cov{ŵ_c}); optimum K−1; % = 100·(v − 1)/(K − 2). */
    @AutoService(MetricProvider.class)
    public static final class ErankWeights extends NcMetric {
        @Override
        public String name() {
            return "erank-weights";
        }

        @Override
        public String description() {
            return "effective rank of the covariance of the normalised classifier rows; optimum K-1; % = 100(v-1)/(K-2)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(EPS);
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][] w = s.requireWeights(name());
            requireSimplexFits(s, name());
            return List.of(rankValue(name(), Geometry.effectiveRank(Geometry.covariance(w), p.getDouble("eps")), s.k));
        }
    }

    static MetricValue rankValue(String name, double v, int k) {
        double pct = k <= 2 ? 100 : Geometry.clip(100 * (v - 1) / (k - 2));
        return new MetricValue(name, v, k - 1, pct);
    }

    static MetricValue distanceValue(String name, double v) {
        return new MetricValue(name, v, 0, Geometry.clip(100 * (1 - v / 2)));
    }

    /** align-weight-instance: (1/N) Σ ‖ŵ_{y_i} − u_i‖²; optimum 0; % = 100(1 − v/2). */
    @AutoService(MetricProvider.class)
    public static final class AlignWeightInstance extends NcMetric {
        @Override
        public String name() {
            return "align-weight-instance";
        }

        @Override
        public String description() {
            return "mean squared distance of each u to its class's normalised weight; optimum 0; % = 100(1-v/2)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][] w = s.requireWeights(name());
            double total = 0;
            for (int c = 0; c < s.k; c++) {
                if (s.counts[c] > 0) {
                    total += s.counts[c] * Geometry.dot(w[c], w[c]) + s.sqNorms[c] - 2 * Geometry.dot(w[c], s.sums[c]);
                }
            }
            return List.of(distanceValue(name(), Math.max(0, total / s.n)));
        }
    }

    /** align-weight-class: (1/K) Σ ‖ŵ_c − μ_c/‖μ_c‖‖²; optimum 0. */
    @AutoService(MetricProvider.class)
    public static final class AlignWeightClass extends NcMetric {
        @Override
        public String name() {
            return "align-weight-class";
        }

        @Override
        public String description() {
            return "mean squared distance of normalised weights to normalised class means; optimum 0; % = 100(1-v/2)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][] w = s.requireWeights(name());
            double[][] mu = s.means();
            int[] present = s.present();
            double total = 0;
            for (int c : present) {
                double[] m = Geometry.normalize(mu[c]);
                for (int j = 0; j < s.d; j++) {
                    double diff = w[c][j] - m[j];
                    total += diff * diff;
                }
            }
            return List.of(distanceValue(name(), total / present.length));
        }
    }

    /** align-instance: mean over classes of the mean ‖u_i − u_j‖² over same-class pairs, from class sums in O(Nd). */
    @AutoService(MetricProvider.class)
    public static final class AlignInstance extends NcMetric {
        @Override
        public String name() {
            return "align-instance";
        }

        @Override
        public String description() {
            return "mean over classes of the mean squared distance between same-class u pairs; optimum 0; % = 100(1-v/2)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double total = 0;
            int used = 0;
            for (int c = 0; c < s.k; c++) {
                long n = s.counts[c];
                if (n >= 2) {
                    // Σ_{i,j} ‖u_i − u_j‖² = 2n Σ‖u_i‖² − 2‖Σu_i‖²; the i = j terms are zero.
                    double pairs = 2.0 * n * s.sqNorms[c] - 2.0 * Geometry.dot(s.sums[c], s.sums[c]);
                    total += Math.max(0, pairs) / ((double) n * (n - 1));
                    used++;
                }
            }
            return List.of(distanceValue(name(), used == 0 ? Double.NaN : total / used));
        }
    }

    /** G_W and G_M of the MIR/HDR definitions (Song et al. 2024), over present classes. */
    static double[][][] mirGrams(ClassStats s, String metric) {
        double[][] w = s.requireWeights(metric);
        NcMetric.requireSimplexFits(s, metric);
        double[][] mu = s.means();
        // At an exact balanced ETF μ_G is 0 up to round-off; normalising that noise would give a random unit
        // vector, so a global mean shorter than 1e-6 counts as 0.
        double[] gm = s.globalMean();
        double[] g = Math.sqrt(Geometry.dot(gm, gm)) < 1e-6 ? new double[s.d] : Geometry.normalize(gm);
        int[] present = s.present();
        double[][] wr = new double[present.length][];
        double[][] mr = new double[present.length][];
        for (int i = 0; i < present.length; i++) {
            int c = present[i];
            wr[i] = w[c];
            double[] m = Geometry.normalize(mu[c]);
            for (int j = 0; j < s.d; j++) {
                m[j] -= g[j];
            }
            mr[i] = Geometry.normalize(m);
        }
        return new double[][][] {Geometry.gram(wr), Geometry.gram(mr)};
    }

    /** MIR at an exact simplex ETF with K classes (the optimum; ≈ 0.952 for K = 10). */
    static double mirOptimum(int k) {
        double[][] e = Geometry.etfGram(k);
        return Geometry.mir(e, e);
    }

    /** mir: mutual information ratio of G_W and G_M; optimum = its value at an exact ETF for this K. */
    @AutoService(MetricProvider.class)
    public static final class Mir extends NcMetric {
        @Override
        public String name() {
            return "mir";
        }

        @Override
        public String description() {
            return "mutual information ratio of weight and mean Grams (Song et al. 2024); optimum = value at a simplex ETF; % = 100 v/opt";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][][] g = mirGrams(s, name());
            double v = Geometry.mir(g[0], g[1]);
            double opt = mirOptimum(g[0].length);
            return List.of(new MetricValue(name(), v, opt, Geometry.clip(100 * v / opt)));
        }
    }

    /** hdr: entropy difference ratio of G_W and G_M; optimum 0; % = 100(1 − v). */
    @AutoService(MetricProvider.class)
    public static final class Hdr extends NcMetric {
        @Override
        public String name() {
            return "hdr";
        }

        @Override
        public String description() {
            return "entropy difference ratio of weight and mean Grams (Song et al. 2024); optimum 0; % = 100(1-v)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][][] g = mirGrams(s, name());
            double v = Geometry.hdr(g[0], g[1]);
            return List.of(new MetricValue(name(), v, 0, Geometry.clip(100 * (1 - v))));
        }
    }

    /** Centred class means μ_c − μ̄ of the present classes (μ̄ = mean of the class means). */
    static double[][] centredMeans(ClassStats s) {
        double[][] mu = s.means();
        int[] present = s.present();
        double[] bar = new double[s.d];
        for (int c : present) {
            for (int j = 0; j < s.d; j++) {
                bar[j] += mu[c][j] / present.length;
            }
        }
        double[][] m = new double[present.length][s.d];
        for (int i = 0; i < present.length; i++) {
            for (int j = 0; j < s.d; j++) {
                m[i][j] = mu[present[i]][j] - bar[j];
            }
        }
        return m;
    }

    /**
     * nc1 = tr(Σ_W Σ_B⁺)/K (Papyan et al.), on u. Computed in the K-dimensional span of the centred means:
     * with M̃ the K×d centred means and G = M̃M̃ᵀ, Σ_B⁺ = K·M̃ᵀ(G⁺)²M̃, so no d×d inverse is needed.
     */
    @AutoService(MetricProvider.class)
    public static final class Nc1 extends NcMetric {
        @Override
        public String name() {
            return "nc1";
        }

        @Override
        public String description() {
            return "NC1 = tr(Sigma_W Sigma_B^+)/K on u (within-class variability collapse); optimum 0; % = 100/(1+v)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][] m = centredMeans(s);
            int kp = m.length;
            int d = s.d;
            // Σ_W pooled over samples: (1/N) Σ_c (Σuuᵀ − n_c μ_c μ_cᵀ)
            double[][][] mom = s.moments();
            double[][] sw = new double[d][d];
            for (int c = 0; c < s.k; c++) {
                if (s.counts[c] == 0) {
                    continue;
                }
                double n = s.counts[c];
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        sw[i][j] += mom[c][i][j] - s.sums[c][i] * s.sums[c][j] / n;
                    }
                }
            }
            for (double[] row : sw) {
                for (int j = 0; j < d; j++) {
                    row[j] /= s.n;
                }
            }
            double[][] g = Geometry.gram(m);
            double[][] gp = SymEigen.pseudoInverse(g, 1e-10);
            // A = M̃ Σ_W M̃ᵀ (K×K)
            double[][] msw = new double[kp][d];
            for (int a = 0; a < kp; a++) {
                for (int i = 0; i < d; i++) {
                    if (m[a][i] == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        msw[a][j] += m[a][i] * sw[i][j];
                    }
                }
            }
            double[][] amat = new double[kp][kp];
            for (int a = 0; a < kp; a++) {
                for (int b = 0; b < kp; b++) {
                    amat[a][b] = Geometry.dot(msw[a], m[b]);
                }
            }
            // tr(G⁺ G⁺ A)
            double[][] gp2 = mul(gp, gp);
            double tr = 0;
            for (int a = 0; a < kp; a++) {
                for (int b = 0; b < kp; b++) {
                    tr += gp2[a][b] * amat[b][a];
                }
            }
            double v = tr; // tr(Σ_W Σ_B⁺) = K·tr(G⁺²A), and NC1 divides by K
            return List.of(new MetricValue(name(), v, 0, 100 / (1 + v)));
        }

        private static double[][] mul(double[][] a, double[][] b) {
            int n = a.length;
            double[][] c = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    for (int j = 0; j < n; j++) {
                        c[i][j] += a[i][k] * b[k][j];
                    }
                }
            }
            return c;
        }
    }

    /** nc2: equinorm and equiangularity of centred means (and weights), distance of their Gram to the ETF's. */
    @AutoService(MetricProvider.class)
    public static final class Nc2 extends NcMetric {
        @Override
        public String name() {
            return "nc2";
        }

        @Override
        public String description() {
            return "NC2 parts: CV of centred-mean and weight norms, std and mean |cos+1/(K-1)| of mean cosines, ETF Gram distance; optima 0";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            requireSimplexFits(s, name());
            double[][] m = centredMeans(s);
            int k = m.length;
            double[] norms = new double[k];
            for (int i = 0; i < k; i++) {
                norms[i] = Math.sqrt(Geometry.dot(m[i], m[i]));
            }
            List<MetricValue> out = new ArrayList<>();
            double cvm = cv(norms);
            out.add(new MetricValue("nc2-equinorm-means", cvm, 0, Geometry.clip(100 * (1 - cvm))));
            if (s.weightNorms != null) {
                double cvw = cv(s.weightNorms);
                out.add(new MetricValue("nc2-equinorm-weights", cvw, 0, Geometry.clip(100 * (1 - cvw))));
            }
            double[][] unit = new double[k][];
            for (int i = 0; i < k; i++) {
                unit[i] = Geometry.normalize(m[i]);
            }
            double[][] cos = Geometry.gram(unit);
            double sum = 0;
            double sq = 0;
            double dev = 0;
            int pairs = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    if (i != j) {
                        sum += cos[i][j];
                        sq += cos[i][j] * cos[i][j];
                        dev += Math.abs(cos[i][j] + 1.0 / (k - 1));
                        pairs++;
                    }
                }
            }
            double mean = sum / pairs;
            double std = Math.sqrt(Math.max(0, sq / pairs - mean * mean));
            out.add(new MetricValue("nc2-equiangular-std", std, 0, Geometry.clip(100 * (1 - std))));
            out.add(new MetricValue("nc2-equiangular-dev", dev / pairs, 0, Geometry.clip(100 * (1 - dev / pairs))));
            double[][] gram = Geometry.gram(m);
            double[][] etf = Geometry.etfGram(k);
            double fg = frob(gram);
            double fe = frob(etf);
            double dist = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double diff = gram[i][j] / fg - etf[i][j] / fe;
                    dist += diff * diff;
                }
            }
            dist = Math.sqrt(dist);
            out.add(new MetricValue("nc2-etf-distance", dist, 0, Geometry.clip(100 * (1 - dist / 2))));
            return out;
        }

        private static double cv(double[] x) {
            double mean = 0;
            for (double v : x) {
                mean += v / x.length;
            }
            double var = 0;
            for (double v : x) {
                var += (v - mean) * (v - mean) / x.length;
            }
            return mean == 0 ? Double.NaN : Math.sqrt(var) / mean;
        }
    }

    static double frob(double[][] a) {
        double s = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.max(Math.sqrt(s), 1e-300);
    }

    /** nc3 = ‖Ŵ/‖Ŵ‖_F − M̃/‖M̃‖_F‖²_F (self-duality of weights and centred means); optimum 0. */
    @AutoService(MetricProvider.class)
    public static final class Nc3 extends NcMetric {
        @Override
        public String name() {
            return "nc3";
        }

        @Override
        public String description() {
            return "NC3 = ||W/||W||_F - M/||M||_F||_F^2 with normalised weight rows and centred means; optimum 0; % = 100(1-v/2)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            double[][] w = s.requireWeights(name());
            double[][] m = centredMeans(s);
            int[] present = s.present();
            double[][] wp = new double[present.length][];
            for (int i = 0; i < present.length; i++) {
                wp[i] = w[present[i]];
            }
            double fw = frob(wp);
            double fm = frob(m);
            double v = 0;
            for (int i = 0; i < present.length; i++) {
                for (int j = 0; j < s.d; j++) {
                    double diff = wp[i][j] / fw - m[i][j] / fm;
                    v += diff * diff;
                }
            }
            return List.of(distanceValue(name(), v));
        }
    }

    /** nc4: fraction of samples whose classifier prediction differs from the nearest-class-mean prediction. */
    @AutoService(MetricProvider.class)
    public static final class Nc4 extends NcMetric {
        @Override
        public String name() {
            return "nc4";
        }

        @Override
        public String description() {
            return "NC4: fraction where the classifier disagrees with nearest-class-mean; optimum 0; % = 100(1-v)";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            int[] cls = s.classifierPredictions(name());
            int[] ncc = s.nccPredictions();
            long diff = 0;
            for (int i = 0; i < s.n; i++) {
                if (cls[i] != ncc[i]) {
                    diff++;
                }
            }
            double v = (double) diff / s.n;
            return List.of(new MetricValue(name(), v, 0, 100 * (1 - v)));
        }
    }

    /** accuracy: of the classifier's predictions (recorded, else argmax u·ŵ). */
    @AutoService(MetricProvider.class)
    public static final class Accuracy extends NcMetric {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public String description() {
            return "accuracy of the classifier (recorded predictions, else argmax u.w); optimum 1";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            return List.of(accuracy(name(), s.classifierPredictions(name()), s.labels));
        }
    }

    /** ncc-accuracy: nearest-class-mean accuracy on u. */
    @AutoService(MetricProvider.class)
    public static final class NccAccuracy extends NcMetric {
        @Override
        public String name() {
            return "ncc-accuracy";
        }

        @Override
        public String description() {
            return "nearest-class-mean accuracy on normalised features; optimum 1";
        }

        @Override
        List<MetricValue> compute(ClassStats s, Params p) {
            return List.of(accuracy(name(), s.nccPredictions(), s.labels));
        }
    }

    static MetricValue accuracy(String name, int[] pred, int[] y) {
        long ok = 0;
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                ok++;
            }
        }
        double v = (double) ok / y.length;
        return new MetricValue(name, v, 1, 100 * v);
    }
}
