package ncdesign.metrics.metric;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.stream.IntStream;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;

/**
 * Everything the metrics need from one streaming pass over a feature set, computed once and shared by all metric
 * plugins measuring the same set: per-class counts, sums and second moments of the normalised features
 * u = z/‖z‖, the normalised classifier rows ŵ, and the inputs validated (finite values, labels in range,
 * consistent shapes). Second moments are accumulated lazily (only metrics that need them pay the O(N·d²) cost).
 */
final class ClassStats {
    private static final Map<FeatureSet, ClassStats> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    final FeatureSet set;
    final int n;
    final int k;
    final int d;
    final int[] labels;
    final long[] counts;
    /** Σ u over each class, K × d. */
    final double[][] sums;
    /** Σ ‖u‖² over each class (N_c, unless some features are exactly zero). */
    final double[] sqNorms;
    /** ŵ_c, K × d, or null. */
    final double[][] unitWeights;
    /** raw ‖w_c‖, or null. */
    final double[] weightNorms;
    private volatile double[][][] moments;

    private ClassStats(FeatureSet set) {
        this.set = set;
        this.n = set.size();
        this.k = set.numClasses();
        this.d = set.dim();
        this.labels = set.labels();
        if (n == 0) {
            throw new PluginException("the feature set is empty (N = 0): nothing to measure");
        }
        if (labels.length != n) {
            throw new PluginException("the feature set has " + n + " rows but " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new PluginException("label " + labels[i] + " of sample " + i + " is outside 0.." + (k - 1));
            }
        }
        Optional<int[]> pred = set.predictions();
        if (pred.isPresent() && pred.get().length != n) {
            throw new PluginException("the feature set has " + n + " rows but " + pred.get().length + " predictions");
        }
        counts = new long[k];
        sums = new double[k][d];
        sqNorms = new double[k];
        set.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                int base = r * d;
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    float v = data[base + j];
                    if (!Float.isFinite(v)) {
                        throw new PluginException("feature row " + (offset + r) + " contains " + v
                                + "; the model diverged or the export is corrupt");
                    }
                    sq += (double) v * v;
                }
                double inv = 1.0 / Math.max(Math.sqrt(sq), 1e-12);
                int c = labels[offset + r];
                double[] s = sums[c];
                for (int j = 0; j < d; j++) {
                    s[j] += data[base + j] * inv;
                }
                counts[c]++;
                sqNorms[c] += sq * inv * inv;
            }
        });
        Optional<float[][]> w = set.weights();
        if (w.isPresent()) {
            float[][] raw = w.get();
            if (raw.length != k || (k > 0 && raw[0].length != d)) {
                throw new PluginException("classifier weights are " + raw.length + "x" + (raw.length == 0 ? 0 : raw[0].length)
                        + " but the features need K x d = " + k + "x" + d);
            }
            unitWeights = new double[k][d];
            weightNorms = new double[k];
            for (int c = 0; c < k; c++) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    if (!Float.isFinite(raw[c][j])) {
                        throw new PluginException("classifier weight row " + c + " contains " + raw[c][j]);
                    }
                    sq += (double) raw[c][j] * raw[c][j];
                }
                weightNorms[c] = Math.sqrt(sq);
                double inv = 1.0 / Math.max(weightNorms[c], 1e-12);
                for (int j = 0; j < d; j++) {
                    unitWeights[c][j] = raw[c][j] * inv;
                }
            }
        } else {
            unitWeights = null;
            weightNorms = null;
        }
    }

    static ClassStats of(FeatureSet set) {
        ClassStats s = CACHE.get(set);
        if (s == null) {
            s = new ClassStats(set);
            CACHE.put(set, s);
        }
        return s;
    }

    /** Classes with at least one sample. */
    int[] present() {
        return IntStream.range(0, k).filter(c -> counts[c] > 0).toArray();
    }

    /** μ_c = class mean of u (zero row for an absent class). */
    double[][] means() {
        double[][] m = new double[k][d];
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                for (int j = 0; j < d; j++) {
                    m[c][j] = sums[c][j] / counts[c];
                }
            }
        }
        return m;
    }

    /** μ_G = mean of all u. */
    double[] globalMean() {
        double[] g = new double[d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                g[j] += sums[c][j];
            }
        }
        for (int j = 0; j < d; j++) {
            g[j] /= n;
        }
        return g;
    }

    /** Weights ŵ, or a clear error naming the metric. */
    double[][] requireWeights(String metric) {
        if (unitWeights == null) {
            throw new PluginException("metric '" + metric + "' needs classifier weights; this feature set has none");
        }
        return unitWeights;
    }

    /** Σ u uᵀ per class (K × d × d, symmetric), from a second streaming pass, computed once. */
    double[][][] moments() {
        double[][][] m = moments;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (moments != null) {
                return moments;
            }
            double[][][] acc = new double[k][][];
            for (int c = 0; c < k; c++) {
                acc[c] = counts[c] > 0 ? new double[d][d] : null;
            }
            double[] u = new double[d];
            set.forEachBlock((offset, rows, data) -> {
                for (int r = 0; r < rows; r++) {
                    int base = r * d;
                    double sq = 0;
                    for (int j = 0; j < d; j++) {
                        sq += (double) data[base + j] * data[base + j];
                    }
                    double inv = 1.0 / Math.max(Math.sqrt(sq), 1e-12);
                    for (int j = 0; j < d; j++) {
                        u[j] = data[base + j] * inv;
                    }
                    double[][] a = acc[labels[offset + r]];
                    for (int i = 0; i < d; i++) {
                        double ui = u[i];
                        double[] ai = a[i];
                        for (int j = 0; j <= i; j++) {
                            ai[j] += ui * u[j];
                        }
                    }
                }
            });
            for (double[][] a : acc) {
                if (a != null) {
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < i; j++) {
                            a[j][i] = a[i][j];
                        }
                    }
                }
            }
            moments = acc;
            return acc;
        }
    }

    private volatile int[] ncc;

    /** Nearest-class-mean prediction of every sample: argmin_c ‖u_i − μ_c‖ over present classes (second pass). */
    int[] nccPredictions() {
        int[] p = ncc;
        if (p != null) {
            return p;
        }
        double[][] mu = means();
        double[] sq = new double[k];
        for (int c = 0; c < k; c++) {
            sq[c] = Geometry.dot(mu[c], mu[c]);
        }
        int[] out = new int[n];
        set.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                out[offset + r] = argmax(data, r * d, mu, sq, true);
            }
        });
        ncc = out;
        return out;
    }

    /** The classifier's predictions: recorded ones, else argmax_c u·ŵ_c. */
    int[] classifierPredictions(String metric) {
        Optional<int[]> p = set.predictions();
        if (p.isPresent()) {
            return p.get();
        }
        double[][] w = requireWeights(metric);
        int[] out = new int[n];
        set.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                out[offset + r] = argmax(data, r * d, w, null, false);
            }
        });
        return out;
    }

    /** argmax_c of u·v_c (or of 2u·v_c − ‖v_c‖², the nearest v_c, when {@code nearest}) over present classes. */
    private int argmax(float[] data, int base, double[][] v, double[] sq, boolean nearest) {
        double norm = 0;
        for (int j = 0; j < d; j++) {
            norm += (double) data[base + j] * data[base + j];
        }
        double inv = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            if (nearest && counts[c] == 0) {
                continue;
            }
            double dot = 0;
            double[] vc = v[c];
            for (int j = 0; j < d; j++) {
                dot += data[base + j] * vc[j];
            }
            double score = nearest ? 2 * dot * inv - sq[c] : dot * inv;
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** Sample covariance (divide by n−1) of the rows u_i of class c: (Σuuᵀ − n μμᵀ)/(n−1). */
    double[][] classCovariance(int c) {
        double[][] m = moments()[c];
        long nc = counts[c];
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            double mi = sums[c][i] / nc;
            for (int j = 0; j < d; j++) {
                cov[i][j] = (m[i][j] - nc * mi * (sums[c][j] / nc)) / (nc - 1);
            }
        }
        return cov;
    }
}
