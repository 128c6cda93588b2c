package ncdesign.metrics;

import java.util.List;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/** A feature set held in memory, streamed in blocks of {@code blockRows} rows (tests only). */
public final class InMemoryFeatureSet implements FeatureSet {
    private final float[] features;
    private final int n;
    private final int d;
    private final int k;
    private final int[] labels;
    private final int[] predictions;
    private final float[][] weights;
    private final float[] bias;
    private final int blockRows;

    public InMemoryFeatureSet(float[] features, int n, int d, int k, int[] labels, int[] predictions, float[][] weights,
            float[] bias, int blockRows) {
        this.features = features;
        this.n = n;
        this.d = d;
        this.k = k;
        this.labels = labels;
        this.predictions = predictions;
        this.weights = weights;
        this.bias = bias;
        this.blockRows = blockRows;
    }

    public InMemoryFeatureSet(float[][] rows, int k, int[] labels, float[][] weights) {
        this(flatten(rows), rows.length, rows.length == 0 ? 4 : rows[0].length, k, labels, null, weights, null, 1000);
    }

    public static float[] flatten(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] f = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, f, i * d, d);
        }
        return f;
    }

    public InMemoryFeatureSet withPredictions(int[] p) {
        return new InMemoryFeatureSet(features, n, d, k, labels, p, weights, bias, blockRows);
    }

    public InMemoryFeatureSet withWeights(float[][] w) {
        return new InMemoryFeatureSet(features, n, d, k, labels, predictions, w, bias, blockRows);
    }

    public InMemoryFeatureSet withBlockRows(int b) {
        return new InMemoryFeatureSet(features, n, d, k, labels, predictions, weights, bias, b);
    }

    public InMemoryFeatureSet withNumClasses(int kk) {
        return new InMemoryFeatureSet(features, n, d, kk, labels, predictions, weights, bias, blockRows);
    }

    public float[] features() {
        return features;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public int numClasses() {
        return k;
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
        return Optional.ofNullable(weights);
    }

    @Override
    public Optional<float[]> bias() {
        return Optional.ofNullable(bias);
    }

    @Override
    public List<String> columns() {
        return List.of("features");
    }

    @Override
    public String column() {
        return "features";
    }

    @Override
    public FeatureSet select(String column) {
        if (!column.equals("features")) {
            throw new IllegalArgumentException(column);
        }
        return this;
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        float[] buf = new float[blockRows * d];
        for (int off = 0; off < n; off += blockRows) {
            int rows = Math.min(blockRows, n - off);
            System.arraycopy(features, off * d, buf, 0, rows * d);
            visitor.accept(off, rows, buf);
        }
    }
}
