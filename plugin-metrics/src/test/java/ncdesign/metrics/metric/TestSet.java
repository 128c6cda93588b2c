package ncdesign.metrics.metric;

import java.util.List;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/** An in-memory feature set for tests, streamed in small blocks to exercise block boundaries. */
record TestSet(float[] features, int dim, int[] labels, int numClasses, float[][] w, int[] pred) implements FeatureSet {
    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Optional<int[]> predictions() {
        return Optional.ofNullable(pred);
    }

    @Override
    public Optional<float[][]> weights() {
        return Optional.ofNullable(w);
    }

    @Override
    public Optional<float[]> bias() {
        return Optional.empty();
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
        return this;
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        int block = 7;
        for (int off = 0; off < labels.length; off += block) {
            int rows = Math.min(block, labels.length - off);
            float[] buf = new float[rows * dim];
            System.arraycopy(features, off * dim, buf, 0, rows * dim);
            visitor.accept(off, rows, buf);
        }
    }
}
