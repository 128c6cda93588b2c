package ncdesign.metrics.stats;

import java.util.Optional;
import java.util.stream.IntStream;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricKernels;
import ncdesign.metrics.linalg.Spectral;

/**
 * Validated per-class statistics of a {@link FeatureSet}, shared by all metrics so that computing every metric
 * streams the features at most three times.
 *
 * <p>Everything is measured on normalised vectors: u_i = z_i/‖z_i‖ and ŵ_c = w_c/‖w_c‖, computed in double
 * precision. A row of norm 0 has no direction, so it is refused (with the count of such rows and the first), never
 * measured as a point: the runtime checks its inputs first and measures without zero feature rows. The first pass (on construction) validates the input
 * and accumulates per-class counts, sums Σu, sums of ‖u‖², the global sum and, when the set has a classifier,
 * Σ_i ‖ŵ_{y_i} − u_i‖². Two further passes run only when a metric asks: {@link #nccPredictions()} (and the cosine
 * classifier's predictions), and {@link #scatter()} — the per-class scatter matrices, reduced at once to their
 * eigenvalues and to the pooled within-class covariance, in groups of classes sized so that one d×d matrix per class
 * of the current group fits the memory budget. The matrix products and spectra of these two passes run on the
 * context's {@link MetricKernels} (the run's device) or, without them, on {@link JavaKernels}.
 *
 * <p>Validation (one-line {@link PluginException}s): empty set, labels length ≠ N or a label outside 0..K−1,
 * NaN/Inf in a feature row (the first bad row is named), feature rows of norm 0 (counted, the first named),
 * classifier shape ≠ K×d, NaN/Inf in a weight row or weight rows of norm 0,
 * bias length ≠ K, predictions length ≠ N or out of range, and a stream that does not deliver rows 0..N−1 in order.
 *
 * <p>{@link #of} computes the statistics once per metrics pass, in the pass's shared store: they hold the feature set
 * (for the later passes), so they live exactly as long as the pass and never in a static cache.
 */
public final class ClassStats {
    /** Memory for per-class d×d scatter accumulators in one pass; larger K·d² takes several passes. */
    static volatile long scatterBudgetBytes = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);

    /** The key of the statistics in a pass's shared store. */
    private enum SharedKey {
        CLASS_STATS
    }

    private final FeatureSet fs;
    private final MetricKernels kernels;
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

    private int zeroRows;
    private int firstZeroRow = -1;
    private int[] classifierPredictions;
    private int[] nccPredictions;
    private Scatter scatter;

    /** Per-class covariance spectra and the pooled within-class covariance Σ_W = (1/N) Σ_i (u_i−μ_y)(u_i−μ_y)ᵀ. */
    public record Scatter(double[][] classCovarianceEigenvalues, double[][] pooledWithin) {
    }

    /** Statistics of the context's features, computed once per metrics pass on the context's kernels. */
    public static ClassStats of(MetricContext ctx) {
        return ctx.shared(SharedKey.CLASS_STATS, ClassStats.class,
                () -> new ClassStats(ctx.features(), ctx.kernels().orElse(JavaKernels.INSTANCE)));
    }

    /** Statistics of {@code fs} on the Java kernels, outside any pass. */
    public static ClassStats compute(FeatureSet fs) {
        return new ClassStats(fs, JavaKernels.INSTANCE);
    }

    private ClassStats(FeatureSet fs, MetricKernels kernels) {
        this.fs = fs;
        this.kernels = kernels;
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
            int zeroWeights = 0;
            int firstZeroWeight = -1;
            for (int c = 0; c < k; c++) {
                if (raw[c] == null || raw[c].length != d) {
                    throw new PluginException("classifier weight row " + c + " has " + (raw[c] == null ? 0 : raw[c].length)
                            + " columns but the features (" + col + ") have d = " + d);
                }
                double ss = sumSquares(raw[c], 0, d);
                if (!Double.isFinite(ss)) {
                    throw new PluginException("classifier weight row " + c + " contains NaN or Inf");
                }
                if (ss == 0 && zeroWeights++ == 0) {
                    firstZeroWeight = c;
                }
                weightNorms[c] = Math.sqrt(ss);
                weightsHat[c] = new double[d];
                normalise(raw[c], 0, d, weightNorms[c], weightsHat[c], 0);
            }
            if (zeroWeights > 0) {
                throw new PluginException(zeroWeights + " of " + k + " classifier weight rows have norm 0 (first: row " + firstZeroWeight
                        + "); a zero row has no direction, so no angle to it is defined");
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
        if (zeroRows > 0) {
            throw new PluginException(zeroRows + " of " + n + " feature rows (" + col + ") have norm 0 (first: row " + firstZeroRow
                    + "); a zero vector has no direction, so its geometry is undefined: measure without those rows");
        }
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
                if (ss == 0 && zeroRows++ == 0) {
                    firstZeroRow = offset + r;
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
        try (MetricKernels.Product product = kernels.product(bt, d, cols)) {
            streamUnit((offset, rows, u) -> {
                double[] s = product.multiply(u, rows);
                IntStream.range(0, rows).parallel().forEach(r -> {
                    int b = r * cols;
                    if (classifier) {
                        int best = 0;
                        for (int c = 1; c < kw; c++) {
                            if (s[b + c] > s[b + best]) {
                                best = c;
                            }
                        }
                        cls[offset + r] = best;
                    }
                    int best = 0;
                    double bestD = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < kp; i++) {
                        double dist = meanSq[i] - 2 * s[b + kw + i];
                        if (dist < bestD) {
                            bestD = dist;
                            best = i;
                        }
                    }
                    ncc[offset + r] = present[best];
                });
            });
        }
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
        int perPass = Math.max(1, Math.min(Math.max(cls.length, 1), kernels.maxGroups(d)));
        double[][] pooled = new double[d][d];
        double[][] eig = new double[k][];
        for (int start = 0; start < cls.length; start += perPass) {
            int[] group = java.util.Arrays.copyOfRange(cls, start, Math.min(cls.length, start + perPass));
            int g = group.length;
            int[] slot = new int[k];
            java.util.Arrays.fill(slot, -1);
            double[] scale = new double[g];
            for (int i = 0; i < g; i++) {
                slot[group[i]] = i;
                scale[i] = 1.0 / (counts[group[i]] - 1);
            }
            MetricKernels.Spectra spectra;
            try (MetricKernels.GroupScatter acc = kernels.scatter(g, d)) {
                int[][] rowSlot = {new int[0]};
                double[][] centred = {new double[0]};
                streamUnit((offset, rows, u) -> {
                    if (rowSlot[0].length < rows) {
                        rowSlot[0] = new int[rows];
                        centred[0] = new double[rows * d];
                    }
                    int[] sl = rowSlot[0];
                    double[] x = centred[0];
                    IntStream.range(0, rows).parallel().forEach(r -> {
                        int c = labels[offset + r];
                        sl[r] = slot[c];
                        if (sl[r] >= 0) {
                            double[] mu = means[c];
                            int base = r * d;
                            for (int j = 0; j < d; j++) {
                                x[base + j] = u[base + j] - mu[j];
                            }
                        }
                    });
                    acc.add(sl, x, rows);
                });
                spectra = acc.finish(scale);
            }
            for (int i = 0; i < g; i++) {
                eig[group[i]] = spectra.eigenvalues()[i];
            }
            double[][] total = spectra.total();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    pooled[i][j] += total[i][j];
                }
            }
        }
        for (double[] row : pooled) {
            for (int j = 0; j < d; j++) {
                row[j] /= n;
            }
        }
        return new Scatter(eig, pooled);
    }
}
