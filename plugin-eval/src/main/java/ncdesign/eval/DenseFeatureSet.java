package ncdesign.eval;

import ncdesign.api.metric.FeatureSet;

/** An N×d matrix of features in memory with labels and no classifier (transfer's standardised features). */
record DenseFeatureSet(float[] x, int dim, int[] labels, int numClasses) implements FeatureSet {
    private static final int BLOCK = 4096;

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        for (int off = 0; off < size(); off += BLOCK) {
            int rows = Math.min(BLOCK, size() - off);
            visitor.accept(off, rows, java.util.Arrays.copyOfRange(x, off * dim, (off + rows) * dim));
        }
    }
}
