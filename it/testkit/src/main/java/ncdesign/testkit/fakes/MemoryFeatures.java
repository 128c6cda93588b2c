package ncdesign.testkit.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A {@link FeatureSet} held in memory, for plugin tests: feature columns as N × d arrays, labels, and optionally the
 * model's predictions and classifier (which, as in the runtime's caches, belong to the {@code features} column only).
 * Immutable: every {@code with...} returns a new set sharing the arrays. {@link #forEachBlock} streams
 * {@link #withBlockRows(int) blockRows} rows at a time into a reused buffer, as the runtime's Arrow caches do, so a
 * metric that keeps the buffer or reads only the first block shows it.
 *
 * <pre>
 * FeatureSet fs = MemoryFeatures.of(rows, labels, 3).withWeights(w).withPredictions(pred);
 * </pre>
 */
public final class MemoryFeatures implements FeatureSet {
    /** The name of the encoder-features column; {@code head_features} holds projection-head features. */
    public static final String FEATURES = "features";

    private final Map<String, float[][]> columns;
    private final String column;
    private final int[] labels;
    private final int numClasses;
    private final int[] predictions;
    private final float[][] weights;
    private final float[] bias;
    private final int blockRows;

    private MemoryFeatures(Map<String, float[][]> columns, String column, int[] labels, int numClasses, int[] predictions,
                           float[][] weights, float[] bias, int blockRows) {
        this.columns = columns;
        this.column = column;
        this.labels = labels;
        this.numClasses = numClasses;
        this.predictions = predictions;
        this.weights = weights;
        this.bias = bias;
        this.blockRows = blockRows;
    }

    /**
     * A set with one {@code features} column of {@code rows} (N × d), labels in 0..K−1, no predictions and no
     * classifier, streamed in blocks of 7 rows.
     *
     * @throws IllegalArgumentException when the shapes disagree or a label is out of range
     */
    public static MemoryFeatures of(float[][] rows, int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside 0.." + (numClasses - 1));
            }
        }
        Map<String, float[][]> cols = new LinkedHashMap<>();
        cols.put(FEATURES, checked(FEATURES, rows, labels.length));
        return new MemoryFeatures(cols, FEATURES, labels, numClasses, null, null, null, 7);
    }

    private static float[][] checked(String name, float[][] rows, int n) {
        if (rows.length != n) {
            throw new IllegalArgumentException("column '" + name + "' has " + rows.length + " rows for " + n + " labels");
        }
        for (float[] r : rows) {
            if (r.length != rows[0].length) {
                throw new IllegalArgumentException("column '" + name + "' is ragged: rows of " + rows[0].length + " and " + r.length);
            }
        }
        return rows;
    }

    /** The same set with an extra feature column (e.g. {@code head_features}); N rows of any width. */
    public MemoryFeatures withColumn(String name, float[][] rows) {
        Map<String, float[][]> cols = new LinkedHashMap<>(columns);
        cols.put(name, checked(name, rows, labels.length));
        return new MemoryFeatures(cols, column, labels, numClasses, predictions, weights, bias, blockRows);
    }

    /** The same set with the model's predictions (length N). */
    public MemoryFeatures withPredictions(int[] p) {
        if (p != null && p.length != labels.length) {
            throw new IllegalArgumentException(p.length + " predictions for " + labels.length + " labels");
        }
        return new MemoryFeatures(columns, column, labels, numClasses, p, weights, bias, blockRows);
    }

    /** The same set with a classifier (K × d rows of the {@code features} column), or none (null). */
    public MemoryFeatures withWeights(float[][] w) {
        if (w != null && (w.length != numClasses || w[0].length != columns.get(FEATURES)[0].length)) {
            throw new IllegalArgumentException("weights must be K x d = " + numClasses + "x" + columns.get(FEATURES)[0].length
                    + ", got " + w.length + "x" + w[0].length);
        }
        return new MemoryFeatures(columns, column, labels, numClasses, predictions, w, bias, blockRows);
    }

    /** The same set with a classifier bias (length K), or none (null). */
    public MemoryFeatures withBias(float[] b) {
        if (b != null && b.length != numClasses) {
            throw new IllegalArgumentException("bias must have K = " + numClasses + " entries, got " + b.length);
        }
        return new MemoryFeatures(columns, column, labels, numClasses, predictions, weights, b, blockRows);
    }

    /** The same set streamed {@code rows} rows per block (at least 1). */
    public MemoryFeatures withBlockRows(int rows) {
        return new MemoryFeatures(columns, column, labels, numClasses, predictions, weights, bias, Math.max(1, rows));
    }

    /** The same set with predictions made by its classifier: arg-max of w·x + b over the {@code features} column. */
    public MemoryFeatures predictedByClassifier() {
        float[][] x = columns.get(FEATURES);
        int[] p = new int[labels.length];
        for (int i = 0; i < p.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                double s = bias == null ? 0 : bias[c];
                for (int j = 0; j < x[i].length; j++) {
                    s += (double) weights[c][j] * x[i][j];
                }
                if (s > best) {
                    best = s;
                    p[i] = c;
                }
            }
        }
        return withPredictions(p);
    }

    /** The same samples in another order: sample i of the result is sample {@code order[i]} of this set. */
    public MemoryFeatures samplesPermuted(int[] order) {
        Map<String, float[][]> cols = new LinkedHashMap<>();
        columns.forEach((name, rows) -> {
            float[][] out = new float[rows.length][];
            for (int i = 0; i < order.length; i++) {
                out[i] = rows[order[i]].clone();
            }
            cols.put(name, out);
        });
        int[] y = new int[order.length];
        int[] p = predictions == null ? null : new int[order.length];
        for (int i = 0; i < order.length; i++) {
            y[i] = labels[order[i]];
            if (p != null) {
                p[i] = predictions[order[i]];
            }
        }
        return new MemoryFeatures(cols, column, y, numClasses, p, weights, bias, blockRows);
    }

    /**
     * The same set with its classes renamed: class c becomes {@code newClass[c]} in labels and predictions, and the
     * classifier rows and bias move with their classes.
     */
    public MemoryFeatures classesPermuted(int[] newClass) {
        int[] y = labels.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = newClass[labels[i]];
        }
        int[] p = null;
        if (predictions != null) {
            p = new int[predictions.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = newClass[predictions[i]];
            }
        }
        float[][] w = weights == null ? null : new float[numClasses][];
        float[] b = bias == null ? null : new float[numClasses];
        for (int c = 0; c < numClasses; c++) {
            if (w != null) {
                w[newClass[c]] = weights[c].clone();
            }
            if (b != null) {
                b[newClass[c]] = bias[c];
            }
        }
        return new MemoryFeatures(columns, column, y, numClasses, p, w, b, blockRows);
    }

    /** The rows of the selected column (shared, not copied: never modify them). */
    public float[][] rows() {
        return columns.get(column);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int dim() {
        float[][] rows = columns.get(column);
        return rows.length == 0 ? 0 : rows[0].length;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public Optional<int[]> predictions() {
        return Optional.ofNullable(predictions);
    }

    @Override
    public Optional<float[][]> weights() {
        return column.equals(FEATURES) ? Optional.ofNullable(weights) : Optional.empty();
    }

    @Override
    public Optional<float[]> bias() {
        return column.equals(FEATURES) ? Optional.ofNullable(bias) : Optional.empty();
    }

    @Override
    public List<String> columns() {
        return new ArrayList<>(columns.keySet());
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public MemoryFeatures select(String name) {
        if (!columns.containsKey(name)) {
            throw new IllegalArgumentException("no feature column '" + name + "'; have " + columns.keySet());
        }
        return new MemoryFeatures(columns, name, labels, numClasses, predictions, weights, bias, blockRows);
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        float[][] rows = columns.get(column);
        int d = dim();
        float[] buf = new float[Math.min(blockRows, Math.max(1, rows.length)) * d];
        for (int off = 0; off < rows.length; off += blockRows) {
            int n = Math.min(blockRows, rows.length - off);
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[off + i], 0, buf, i * d, d);
            }
            visitor.accept(off, n, buf);
        }
    }
}
