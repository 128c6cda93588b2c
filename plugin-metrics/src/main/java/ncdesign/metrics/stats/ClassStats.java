package ncdesign.metrics.stats;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.linalg.SymmetricEigen;

/**
 * Validated per-class statistics of a {@link FeatureSet}, shared by all metrics so that computing every metric
 * streams the features at most three times.
 *
 * <p>Everything is measured on normalised vectors: u_i = z_i/‖z_i‖ and ŵ_c = w_c/‖w_c‖, computed in double
 * precision (an all-zero row normalises to the zero vector). The first pass (on construction) validates the input
 * and accumulates per-class counts, sums Σu, sums of ‖u‖², the global sum and, when the set has a classifier,
 * Σ_i ‖ŵ_{y_i} − u_i‖². Two further passes run only when a metric asks: {@link #nccPredictions()} (and the cosine
 * classifier's predictions), and {@link #scatter()} — the per-class scatter matrices, accumulated as blocked
 * rank-k updates grouped by class in parallel over classes, reduced at once to their eigenvalues and to the pooled
 * within-class covariance, so at most one d×d matrix per class of the current group is alive.
 *
 * <p>Validation (one-line {@link PluginException}s): empty set, labels length ≠ N or a label outside 0..K−1,
 * NaN/Inf in a feature row (the first bad row is named), classifier shape ≠ K×d or NaN/Inf in a weight row,
 * bias length ≠ K, predictions length ≠ N or out of range, and a stream that does not deliver rows 0..N−1 in order.
 *
 * <p>{@link #of} caches the statistics per feature-set instance (weakly, by identity): a {@link FeatureSet} is a
 * cached, immutable set of features.
 */
public final class ClassStats {
    private static final int CACHE_SIZE = 8;
    private static final List<Entry> CACHE = new ArrayList<>();
    /** Rows per rank-k update in the scatter pass. */
    private static final int RANK_BLOCK = 32;
    /** Memory for per-class d×d scatter accumulators in one pass; larger K·d² takes several passes. */
    static volatile long scatterBudgetBytes = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);

    private record Entry(WeakReference<FeatureSet> key, ClassStats stats) {
    }

    private final FeatureSet fs;
    private final int n;
    private final int d;
    private final int k;
    private final int[] labels;
    private final int[] counts;
    private final double[][] sums;
    private final double[] sqNormSums;
    private final double[] globalSum;
    private final double[][] means;
    private final int[] present;
    private final double[][] weightsHat;
    private final double[] weightNorms;
    private final int[] recordedPredictions;
    private final double alignWeightInstanceSum;

    private int[] classifierPredictions;
    private int[] nccPredictions;
    private Scatter scatter;

    /** Per-class covariance spectra and the pooled within-class covariance Σ_W = (1/N) Σ_i (u_i−μ_y)(u_i−μ_y)ᵀ. */
    public record Scatter(double[][] classCovarianceEigenvalues, double[][] pooledWithin) {
    }

    /** Statistics of {@code fs}, computed once per feature-set instance. */
    public static ClassStats of(FeatureSet fs) {
        synchronized (CACHE) {
            for (Iterator<Entry> it = CACHE.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                FeatureSet key = e.key().get();
                if (key == null) {
                    it.remove();
                } else if (key == fs) {
                    return e.stats();
                }
            }
        }
        ClassStats s = compute(fs);
        synchronized (CACHE) {
            if (CACHE.size() >= CACHE_SIZE) {
                CACHE.remove(0);
            }
            CACHE.add(new Entry(new WeakReference<>(fs), s));
        }
        return s;
    }

    /** Statistics of {@code fs}, without the cache. */
    public static ClassStats compute(FeatureSet fs) {
        return new ClassStats(fs);
    }

    private ClassStats(FeatureSet fs) {
        this.fs = fs;
        this.n = fs.size();
        this.d = fs.dim();
        this.k = fs.numClasses();
        String col = "column '" + fs.column() + "'";
        if (n <= 0) {
            throw new PluginException("the feature set (" + col + ") is empty (N = 0); there is nothing to measure");
        }
        if (d <= 0) {
            throw new PluginException("the feature set (" + col + ") has feature dimension d = " + d + "; it must be at least 1");
        }
        if (k <= 0) {
            throw new PluginException("the feature set (" + col + ") has K = " + k + " classes; it must be at least 1");
        }
        int[] lab = fs.labels();
        if (lab == null || lab.length != n) {
            throw new PluginException("the feature set has " + (lab == null ? "no" : lab.length) + " labels for N = " + n
                    + " samples; labels and features must have the same length");
        }
        this.labels = lab.clone();
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new PluginException("label " + labels[i] + " of sample " + i + " is outside 0.." + (k - 1)
                        + " (K = " + k + ")");
            }
        }
        Optional<int[]> preds = fs.predictions();
        if (preds.isPresent()) {
            int[] p = preds.get();
            if (p.length != n) {
                throw new PluginException("the feature set has " + p.length + " predictions for N = " + n + " samples");
            }
            for (int i = 0; i < n; i++) {
                if (p[i] < 0 || p[i] >= k) {
                    throw new PluginException("prediction " + p[i] + " of sample " + i + " is outside 0.." + (k - 1) + " (K = " + k + ")");
                }
            }
            this.recordedPredictions = p.clone();
        } else {
            this.recordedPredictions = null;
        }
        Optional<float[][]> w = fs.weights();
        if (w.isPresent()) {
            float[][] raw = w.get();
            if (raw.length != k) {
                throw new PluginException("the classifier has " + raw.length + " weight rows but the feature set has K = " + k + " classes");
            }
            weightsHat = new double[k][];
            weightNorms = new double[k];
            for (int c = 0; c < k; c++) {
                if (raw[c] == null || raw[c].length != d) {
                    throw new PluginException("classifier weight row " + c + " has " + (raw[c] == null ? 0 : raw[c].length)
                            + " columns but the features (" + col + ") have d = " + d);
                }
                double ss = sumSquares(raw[c], 0, d);
                if (!Double.isFinite(ss)) {
                    throw new PluginException("classifier weight row " + c + " contains NaN or Inf");
                }
                weightNorms[c] = Math.sqrt(ss);
                weightsHat[c] = new double[d];
                normalise(raw[c], 0, d, weightNorms[c], weightsHat[c], 0);
            }
            Optional<float[]> b = fs.bias();
            if (b.isPresent()) {
                float[] bias = b.get();
                if (bias.length != k) {
                    throw new PluginException("the classifier bias has length " + bias.length + " but K = " + k);
                }
                for (int c = 0; c < k; c++) {
                    if (!Float.isFinite(bias[c])) {
                        throw new PluginException("classifier bias " + c + " is NaN or Inf");
                    }
                }
            }
        } else {
            weightsHat = null;
            weightNorms = null;
        }

        counts = new int[k];
        sums = new double[k][d];
        sqNormSums = new double[k];
        globalSum = new double[d];
        double[] align = {0};
        streamUnit((offset, rows, u) -> {
            for (int r = 0; r < rows; r++) {
                int c = labels[offset + r];
                counts[c]++;
                double[] s = sums[c];
                int base = r * d;
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double x = u[base + j];
                    s[j] += x;
                    globalSum[j] += x;
                    sq += x * x;
                }
                sqNormSums[c] += sq;
                if (weightsHat != null) {
                    double[] wc = weightsHat[c];
                    double dist = 0;
                    for (int j = 0; j < d; j++) {
                        double t = wc[j] - u[base + j];
                        dist += t * t;
                    }
                    align[0] += dist;
                }
            }
        });
        alignWeightInstanceSum = weightsHat == null ? Double.NaN : align[0];
        means = new double[k][d];
        int np = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                np++;
                for (int j = 0; j < d; j++) {
                    means[c][j] = sums[c][j] / counts[c];
                }
            }
        }
        present = new int[np];
        for (int c = 0, i = 0; c < k; c++) {
            if (counts[c] > 0) {
                present[i++] = c;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- streaming

    /** Receives normalised rows, row-major (rows × d) in {@code u}, starting at sample {@code offset}. */
    @FunctionalInterface
    interface UnitRows {
        void accept(int offset, int rows, double[] u);
    }

    /** Streams the feature set once, validated and normalised, re-blocked into chunks of up to ~16 MB. */
    private void streamUnit(UnitRows sink) {
        int cap = Math.max(1, Math.min(n, Math.max(256, (1 << 21) / d)));
        double[] buf = new double[cap * d];
        int[] st = {0, 0, 0}; // next expected row, rows buffered, offset of the buffer
        fs.forEachBlock((offset, rows, data) -> {
            if (offset != st[0]) {
                throw new PluginException("the feature set streamed rows out of order: expected row " + st[0] + ", got " + offset);
            }
            if (rows < 0 || (long) offset + rows > n || data.length < rows * d) {
                throw new PluginException("the feature set streamed a bad block (offset " + offset + ", " + rows
                        + " rows, " + data.length + " values) for N = " + n + ", d = " + d);
            }
            for (int r = 0; r < rows; r++) {
                int src = r * d;
                double ss = sumSquares(data, src, d);
                if (!Double.isFinite(ss)) {
                    throw new PluginException("feature row " + (offset + r) + " (column '" + fs.column() + "') contains NaN or Inf");
                }
                normalise(data, src, d, Math.sqrt(ss), buf, st[1] * d);
                if (++st[1] == cap) {
                    sink.accept(st[2], cap, buf);
                    st[2] += cap;
                    st[1] = 0;
                }
            }
            st[0] += rows;
        });
        if (st[1] > 0) {
            sink.accept(st[2], st[1], buf);
        }
        if (st[0] != n) {
            throw new PluginException("the feature set streamed " + st[0] + " rows but its size is N = " + n);
        }
    }

    private static double sumSquares(float[] a, int from, int len) {
        double ss = 0;
        for (int j = from; j < from + len; j++) {
            double x = a[j];
            ss += x * x;
        }
        return ss;
    }

    /** out[at..] = a[from..]/norm, or zeros when norm is 0; the one normalisation used for features and weights. */
    private static void normalise(float[] a, int from, int len, double norm, double[] out, int at) {
        if (norm == 0) {
            for (int j = 0; j < len; j++) {
                out[at + j] = 0;
            }
            return;
        }
        for (int j = 0; j < len; j++) {
            out[at + j] = a[from + j] / norm;
        }
    }

    // ---------------------------------------------------------------------------------------------- accessors

    /** N. */
    public int size() {
        return n;
    }

    /** d. */
    public int dim() {
        return d;
    }

    /** K, as declared by the feature set. */
    public int numClasses() {
        return k;
    }

    /** Labels (do not modify). */
    public int[] labels() {
        return labels;
    }

    /** Per-class sample counts n_c (do not modify). */
    public int[] counts() {
        return counts;
    }

    /** Per-class sums S_c = Σ_{y_i=c} u_i (do not modify). */
    public double[][] sums() {
        return sums;
    }

    /** Per-class Σ_{y_i=c} ‖u_i‖² (1 per non-zero row). */
    public double[] sqNormSums() {
        return sqNormSums;
    }

    /** Σ_i u_i over all samples. */
    public double[] globalSum() {
        return globalSum;
    }

    /** μ_G = (1/N) Σ_i u_i. */
    public double[] globalMean() {
        double[] g = new double[d];
        for (int j = 0; j < d; j++) {
            g[j] = globalSum[j] / n;
        }
        return g;
    }

    /** Class means μ_c (zero rows for classes without samples; do not modify). */
    public double[][] means() {
        return means;
    }

    /** Classes with at least one sample, ascending (do not modify). */
    public int[] presentClasses() {
        return present;
    }

    /** Whether the set has a classifier. */
    public boolean hasWeights() {
        return weightsHat != null;
    }

    /** ŵ_c, K × d; fails naming {@code metric} when the set has no classifier. */
    public double[][] weightsHat(String metric) {
        requireWeights(metric);
        return weightsHat;
    }

    /** ‖w_c‖ of the raw weights; fails naming {@code metric} when the set has no classifier. */
    public double[] weightNorms(String metric) {
        requireWeights(metric);
        return weightNorms;
    }

    /** Σ_i ‖ŵ_{y_i} − u_i‖², accumulated per sample in the first pass. */
    public double alignWeightInstanceSum(String metric) {
        requireWeights(metric);
        return alignWeightInstanceSum;
    }

    private void requireWeights(String metric) {
        if (weightsHat == null) {
            throw new PluginException("metric '" + metric + "' needs classifier weights; this feature set has none");
        }
    }

    /** Fails naming {@code metric} unless at least {@code min} classes have samples. */
    public void requirePresentClasses(String metric, int min) {
        if (present.length < min) {
            throw new PluginException("metric '" + metric + "' needs at least " + min + " classes with samples; this feature set has "
                    + present.length);
        }
    }

    /**
     * Fails naming {@code metric} when {@code classes} − 1 > d: its optimum is a simplex ETF of that many vertices,
     * which does not fit in d dimensions.
     */
    public void requireSimplexFits(String metric, int classes) {
        if (classes - 1 > d) {
            throw new PluginException("metric '" + metric + "' compares against a simplex ETF, which needs K − 1 <= d; here K = "
                    + classes + " and d = " + d);
        }
    }

    // ---------------------------------------------------------------------------------------------- predictions

    /**
     * The classifier's predictions: the recorded ones when the set has them, else argmax_c u·ŵ_c (the cosine
     * classifier; ties go to the lower class). Fails naming {@code metric} when the set has neither.
     */
    public synchronized int[] classifierPredictions(String metric) {
        if (recordedPredictions != null) {
            return recordedPredictions;
        }
        if (weightsHat == null) {
            throw new PluginException("metric '" + metric + "' needs the classifier's predictions or its weights; this feature set has neither");
        }
        ensurePredictions();
        return classifierPredictions;
    }

    /** Whether {@link #classifierPredictions} comes from recorded predictions. */
    public boolean hasRecordedPredictions() {
        return recordedPredictions != null;
    }

    /** Nearest-class-mean predictions argmin_c ‖u_i − μ_c‖² over the present classes (ties to the lower class). */
    public synchronized int[] nccPredictions() {
        ensurePredictions();
        return nccPredictions;
    }

    private void ensurePredictions() {
        if (nccPredictions != null) {
            return;
        }
        boolean classifier = recordedPredictions == null && weightsHat != null;
        int kw = classifier ? k : 0;
        int kp = present.length;
        int cols = kw + kp;
        double[] bt = new double[d * cols];
        double[] meanSq = new double[kp];
        for (int c = 0; c < kw; c++) {
            for (int t = 0; t < d; t++) {
                bt[t * cols + c] = weightsHat[c][t];
            }
        }
        for (int i = 0; i < kp; i++) {
            double[] mu = means[present[i]];
            meanSq[i] = Spectral.dot(mu, mu);
            for (int t = 0; t < d; t++) {
                bt[t * cols + kw + i] = mu[t];
            }
        }
        int[] cls = classifier ? new int[n] : null;
        int[] ncc = new int[n];
        final int chunk = 64;
        streamUnit((offset, rows, u) -> IntStream.range(0, (rows + chunk - 1) / chunk).parallel().forEach(ch -> {
            double[][] s = new double[4][cols];
            int end = Math.min(rows, (ch + 1) * chunk);
            for (int r0 = ch * chunk; r0 < end; r0 += 4) {
                int nr = Math.min(4, end - r0);
                for (double[] si : s) {
                    java.util.Arrays.fill(si, 0);
                }
                double[] s0 = s[0];
                double[] s1 = s[1];
                double[] s2 = s[2];
                double[] s3 = s[3];
                // four rows share each load of bt (rows past the end read row r0 again and are ignored)
                int b0 = r0 * d;
                int b1 = (nr > 1 ? r0 + 1 : r0) * d;
                int b2 = (nr > 2 ? r0 + 2 : r0) * d;
                int b3 = (nr > 3 ? r0 + 3 : r0) * d;
                for (int t = 0; t < d; t++) {
                    double u0 = u[b0 + t];
                    double u1 = u[b1 + t];
                    double u2 = u[b2 + t];
                    double u3 = u[b3 + t];
                    int b = t * cols;
                    for (int j = 0; j < cols; j++) {
                        double x = bt[b + j];
                        s0[j] += u0 * x;
                        s1[j] += u1 * x;
                        s2[j] += u2 * x;
                        s3[j] += u3 * x;
                    }
                }
                for (int q = 0; q < nr; q++) {
                    double[] sq = s[q];
                    int r = r0 + q;
                    if (classifier) {
                        int best = 0;
                        for (int c = 1; c < kw; c++) {
                            if (sq[c] > sq[best]) {
                                best = c;
                            }
                        }
                        cls[offset + r] = best;
                    }
                    int best = 0;
                    double bestD = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < kp; i++) {
                        double dist = meanSq[i] - 2 * sq[kw + i];
                        if (dist < bestD) {
                            bestD = dist;
                            best = i;
                        }
                    }
                    ncc[offset + r] = present[best];
                }
            }
        }));
        classifierPredictions = cls;
        nccPredictions = ncc;
    }

    // ---------------------------------------------------------------------------------------------- scatter

    /**
     * Per-class covariance spectra (sample covariance of u_i − μ_c, divided by n_c − 1; {@code null} for classes
     * with fewer than 2 samples) and the pooled within-class covariance Σ_W (divided by N).
     */
    public synchronized Scatter scatter() {
        if (scatter == null) {
            scatter = computeScatter();
        }
        return scatter;
    }

    private Scatter computeScatter() {
        int[] cls = IntStream.range(0, k).filter(c -> counts[c] >= 2).toArray();
        long perClass = (long) d * d * 8 + (long) RANK_BLOCK * d * 8;
        int perPass = (int) Math.max(1, Math.min(Math.max(cls.length, 1), scatterBudgetBytes / perClass));
        double[][] pooled = new double[d][d];
        double[][] eig = new double[k][];
        for (int start = 0; start < cls.length; start += perPass) {
            int[] group = java.util.Arrays.copyOfRange(cls, start, Math.min(cls.length, start + perPass));
            int g = group.length;
            int[] slot = new int[k];
            java.util.Arrays.fill(slot, -1);
            for (int i = 0; i < g; i++) {
                slot[group[i]] = i;
            }
            double[][][] acc = new double[g][][];
            double[][][] buf = new double[g][][];
            int[] fill = new int[g];
            for (int i = 0; i < g; i++) {
                acc[i] = new double[d][d];
                buf[i] = new double[RANK_BLOCK][d];
            }
            streamUnit((offset, rows, u) -> {
                // group this block's rows by slot (counting sort)
                int[] cnt = new int[g + 1];
                for (int r = 0; r < rows; r++) {
                    int sl = slot[labels[offset + r]];
                    if (sl >= 0) {
                        cnt[sl + 1]++;
                    }
                }
                for (int i = 0; i < g; i++) {
                    cnt[i + 1] += cnt[i];
                }
                int[] startAt = cnt.clone();
                int[] order = new int[cnt[g]];
                for (int r = 0; r < rows; r++) {
                    int sl = slot[labels[offset + r]];
                    if (sl >= 0) {
                        order[startAt[sl]++] = r;
                    }
                }
                int[] active = IntStream.range(0, g).filter(i -> cnt[i + 1] > cnt[i]).toArray();
                IntStream.range(0, active.length).parallel().forEach(a -> {
                    int sl = active[a];
                    double[] mu = means[group[sl]];
                    double[][] b = buf[sl];
                    for (int q = cnt[sl]; q < cnt[sl + 1]; q++) {
                        int base = order[q] * d;
                        double[] dst = b[fill[sl]];
                        for (int j = 0; j < d; j++) {
                            dst[j] = u[base + j] - mu[j];
                        }
                        if (++fill[sl] == RANK_BLOCK) {
                            rankUpdate(acc[sl], b, RANK_BLOCK);
                            fill[sl] = 0;
                        }
                    }
                });
            });
            IntStream.range(0, g).parallel().forEach(sl -> {
                int c = group[sl];
                double[][] s = acc[sl];
                if (fill[sl] > 0) {
                    rankUpdate(s, buf[sl], fill[sl]);
                }
                buf[sl] = null;
                Spectral.mirrorUpper(s);
                synchronized (pooled) {
                    for (int i = 0; i < d; i++) {
                        double[] p = pooled[i];
                        double[] si = s[i];
                        for (int j = 0; j < d; j++) {
                            p[j] += si[j];
                        }
                    }
                }
                double scale = 1.0 / (counts[c] - 1);
                for (double[] row : s) {
                    for (int j = 0; j < d; j++) {
                        row[j] *= scale;
                    }
                }
                eig[c] = SymmetricEigen.eigenvalues(s);
                acc[sl] = null;
            });
        }
        for (double[] row : pooled) {
            for (int j = 0; j < d; j++) {
                row[j] /= n;
            }
        }
        return new Scatter(eig, pooled);
    }

    /** Upper triangle (and a few harmless sub-diagonal entries) of acc += Σ_{t<r} x_t x_tᵀ, four rows at a time. */
    static void rankUpdate(double[][] acc, double[][] x, int r) {
        int d = acc.length;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            double[] a0 = acc[i];
            double[] a1 = acc[i + 1];
            double[] a2 = acc[i + 2];
            double[] a3 = acc[i + 3];
            for (int t = 0; t < r; t++) {
                double[] xt = x[t];
                double x0 = xt[i];
                double x1 = xt[i + 1];
                double x2 = xt[i + 2];
                double x3 = xt[i + 3];
                for (int j = i; j < d; j++) {
                    double xj = xt[j];
                    a0[j] += x0 * xj;
                    a1[j] += x1 * xj;
                    a2[j] += x2 * xj;
                    a3[j] += x3 * xj;
                }
            }
        }
        for (; i < d; i++) {
            double[] ai = acc[i];
            for (int t = 0; t < r; t++) {
                double[] xt = x[t];
                double xi = xt[i];
                for (int j = i; j < d; j++) {
                    ai[j] += xi * xt[j];
                }
            }
        }
    }
}
