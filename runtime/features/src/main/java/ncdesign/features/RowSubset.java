package ncdesign.features;

import java.util.BitSet;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A feature set without some of its rows (e.g. rows of norm 0, which have no direction): labels, predictions and the
 * streamed features are those of the kept rows, renumbered 0..N'−1 in order. The base is streamed as before; only
 * the kept rows are passed on.
 */
final class RowSubset extends ForwardingFeatureSet {
    private final BitSet dropped;
    private final int[] labels;
    private final int[] predictions;

    RowSubset(FeatureSet base, BitSet dropped) {
        super(base);
        this.dropped = dropped;
        this.labels = keep(base.labels(), dropped);
        this.predictions = base.predictions().map(p -> keep(p, dropped)).orElse(null);
    }

    private static int[] keep(int[] all, BitSet dropped) {
        int[] out = new int[all.length - dropped.cardinality()];
        for (int i = 0, o = 0; i < all.length; i++) {
            if (!dropped.get(i)) {
                out[o++] = all[i];
            }
        }
        return out;
    }

    @Override
    protected FeatureSet over(FeatureSet other) {
        return new RowSubset(other, dropped);
    }

    @Override
    public int size() {
        return labels.length;
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
    public void forEachBlock(BlockVisitor visitor) {
        int d = dim();
        float[][] buf = {new float[0]};
        int[] next = {0};
        base.forEachBlock((offset, rows, data) -> {
            int firstDropped = dropped.nextSetBit(offset);
            if (firstDropped < 0 || firstDropped >= offset + rows) {
                visitor.accept(next[0], rows, data); // nothing dropped here: no copy
                next[0] += rows;
                return;
            }
            if (buf[0].length < rows * d) {
                buf[0] = new float[rows * d];
            }
            int kept = 0;
            for (int r = 0; r < rows; r++) {
                if (!dropped.get(offset + r)) {
                    System.arraycopy(data, r * d, buf[0], kept * d, d);
                    kept++;
                }
            }
            if (kept > 0) {
                visitor.accept(next[0], kept, buf[0]);
                next[0] += kept;
            }
        });
    }
}
