package ncdesign.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/** A feature set held in memory (NumPy inputs, tests). Columns are N×d row-major float arrays. */
public final class MemoryFeatureSet implements FeatureSet {
    private static final int BLOCK = 4096;

    private final Map<String, float[]> columns;
    private final Map<String, Integer> dims;
    private final String column;
    private final int[] labels;
    private final int numClasses;
    private final int[] predictions;
    private final float[][] weights;
    private final float[] bias;

    private MemoryFeatureSet(Map<String, float[]> columns, Map<String, Integer> dims, String column, int[] labels,
                             int numClasses, int[] predictions, float[][] weights, float[] bias) {
        this.columns = columns;
        this.dims = dims;
        this.column = column;
        this.labels = labels;
        this.numClasses = numClasses;
        this.predictions = predictions;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * A set with one {@code features} column. Lengths are checked: features must hold N·d values, predictions N.
     *
     * @param numClasses K, or 0 to use max(label)+1 (or the number of weight rows when given)
     */
    public static MemoryFeatureSet of(float[] features, int dim, int[] labels, int numClasses,
                                      int[] predictions, float[][] weights, float[] bias) {
        if (dim <= 0 || features.length != (long) labels.length * dim) {
            throw new CacheException("features hold " + features.length + " values, not " + labels.length + " rows of d=" + dim
                    + " (do the features and labels belong together?)");
        }
        if (predictions != null && predictions.length != labels.length) {
            throw new CacheException(predictions.length + " predictions for " + labels.length + " labels");
        }
        int k = numClasses;
        if (k <= 0) {
            k = weights != null ? weights.length : 0;
            for (int y : labels) {
                k = Math.max(k, y + 1);
            }
        }
        Map<String, float[]> cols = new LinkedHashMap<>();
        cols.put("features", features);
        Map<String, Integer> dims = new LinkedHashMap<>();
        dims.put("features", dim);
        return new MemoryFeatureSet(cols, dims, "features", labels, k, predictions, weights, bias);
    }

    /** The same set with an extra feature column (e.g. {@code head_features}). */
    public MemoryFeatureSet withColumn(String name, float[] values, int dim) {
        if (values.length != (long) labels.length * dim) {
            throw new CacheException("column '" + name + "' holds " + values.length + " values, not " + labels.length + "x" + dim);
        }
        Map<String, float[]> cols = new LinkedHashMap<>(columns);
        cols.put(name, values);
        Map<String, Integer> d = new LinkedHashMap<>(dims);
        d.put(name, dim);
        return new MemoryFeatureSet(cols, d, column, labels, numClasses, predictions, weights, bias);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int dim() {
        return dims.get(column);
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
        return column.equals("features") ? Optional.ofNullable(weights) : Optional.empty();
    }

    @Override
    public Optional<float[]> bias() {
        return column.equals("features") ? Optional.ofNullable(bias) : Optional.empty();
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
    public FeatureSet select(String name) {
        if (!columns.containsKey(name)) {
            throw new CacheException("no feature column '" + name + "'; have " + columns.keySet());
        }
        return new MemoryFeatureSet(columns, dims, name, labels, numClasses, predictions, weights, bias);
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        int d = dim();
        float[] data = columns.get(column);
        float[] buf = new float[Math.min(BLOCK, Math.max(1, labels.length)) * d];
        for (int off = 0; off < labels.length; off += BLOCK) {
            int rows = Math.min(BLOCK, labels.length - off);
            System.arraycopy(data, off * d, buf, 0, rows * d);
            visitor.accept(off, rows, buf);
        }
    }
}
