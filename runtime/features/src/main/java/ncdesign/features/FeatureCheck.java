package ncdesign.features;

import java.util.BitSet;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * Checks a {@link FeatureSet} before anything is measured on it, in one streaming pass, and says what is wrong in
 * one line naming the file, the row or label and the problem ({@link CacheException}, a data error): no samples,
 * labels or predictions outside 0..K−1, a classifier that is not K×d or has non-finite or zero-norm rows, a bias
 * of the wrong length, feature rows with NaN or Inf. Feature rows of norm 0 are not an error here but are counted:
 * a zero vector has no direction, so the caller refuses them ({@link Checked#refuseZeroRows}) or measures without
 * them ({@link Checked#withoutZeroRows}); never as if they were points on the sphere.
 */
public final class FeatureCheck {
    private FeatureCheck() {
    }

    /**
     * What to call each part of the set in messages: the file or description it came from.
     *
     * @param features    the features
     * @param labels      the labels
     * @param weights     the classifier
     * @param predictions the recorded predictions
     */
    public record Sources(String features, String labels, String weights, String predictions) {
        /** One name for every part (an Arrow cache holds them all). */
        public static Sources of(String all) {
            return new Sources(all, all, all, all);
        }

        /** The same names with another source of the classifier (e.g. {@code --weights W.npy} over a cache). */
        public Sources withWeights(String w) {
            return new Sources(features, labels, w, predictions);
        }
    }

    /**
     * A set that passed the checks, and its rows of norm 0.
     *
     * @param set       the set
     * @param sources   names of its parts
     * @param zero      the rows of norm 0 (empty when none)
     * @param zeroRows  how many
     */
    public record Checked(FeatureSet set, Sources sources, BitSet zero, int zeroRows) {
        /** The first row of norm 0, or −1. */
        public int firstZeroRow() {
            return zero.nextSetBit(0);
        }

        /** One line: how many rows have norm 0, the first, and why they cannot be measured. */
        public String zeroRowsMessage() {
            return sources.features() + column(set) + ": " + zeroRows + " of " + set.size() + " feature rows have norm 0 (first: row "
                    + firstZeroRow() + "); a zero vector has no direction, so its Neural Collapse geometry is undefined";
        }

        /** Fails with {@link #zeroRowsMessage()} and {@code hint} when any row has norm 0; else the set. */
        public Checked refuseZeroRows(String hint) {
            if (zeroRows > 0) {
                throw new CacheException(zeroRowsMessage() + hint);
            }
            return this;
        }

        /** The set without its rows of norm 0 (the set itself when there are none); fails when no row is left. */
        public FeatureSet withoutZeroRows() {
            if (zeroRows == 0) {
                return set;
            }
            if (zeroRows == set.size()) {
                throw new CacheException(zeroRowsMessage() + ": every row is zero, nothing is left to measure");
            }
            return new RowSubset(set, zero);
        }
    }

    private static String column(FeatureSet fs) {
        return fs.column().equals("features") ? "" : " (column '" + fs.column() + "')";
    }

    /** Checks {@code fs} (one pass over its features); fails with one line naming the part of {@code src} at fault. */
    public static Checked scan(FeatureSet fs, Sources src) {
        int n = fs.size();
        int d = fs.dim();
        int k = fs.numClasses();
        if (n <= 0) {
            throw new CacheException(src.features() + ": no samples (N = 0); there is nothing to measure");
        }
        if (d <= 0) {
            throw new CacheException(src.features() + column(fs) + ": feature dimension d = " + d + "; it must be at least 1");
        }
        if (k <= 0) {
            throw new CacheException(src.labels() + ": K = " + k + " classes; it must be at least 1");
        }
        checkClasses(src.labels(), "label", fs.labels(), n, k, src.features());
        Optional<int[]> p = fs.predictions();
        if (p.isPresent()) {
            checkClasses(src.predictions(), "prediction", p.get(), n, k, src.features());
        }
        Optional<float[][]> w = fs.weights();
        if (w.isPresent()) {
            checkClassifier(src.weights(), w.get(), fs.bias().orElse(null), k, d);
        }
        BitSet zero = new BitSet();
        long[] bad = {0, -1, 0}; // non-finite rows, first such row, rows streamed
        fs.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                double ss = 0;
                for (int j = r * d, end = j + d; j < end; j++) {
                    double x = data[j];
                    ss += x * x;
                }
                if (!Double.isFinite(ss)) {
                    if (bad[0]++ == 0) {
                        bad[1] = offset + r;
                    }
                } else if (ss == 0) {
                    zero.set(offset + r);
                }
            }
            bad[2] += rows;
        });
        if (bad[0] > 0) {
            throw new CacheException(src.features() + column(fs) + ": " + bad[0] + " of " + n + " feature rows contain NaN or Inf"
                    + " (first: row " + bad[1] + "); remove them or fix what produced them");
        }
        if (bad[2] != n) {
            throw new CacheException(src.features() + column(fs) + ": streamed " + bad[2] + " feature rows but the set has N = " + n);
        }
        return new Checked(fs, src, zero, zero.cardinality());
    }

    private static void checkClasses(String file, String noun, int[] values, int n, int k, String features) {
        if (values == null || values.length != n) {
            throw new CacheException(file + ": " + (values == null ? 0 : values.length) + " " + noun + "s for the N = " + n
                    + " feature rows of " + features);
        }
        for (int i = 0; i < n; i++) {
            if (values[i] < 0 || values[i] >= k) {
                throw new CacheException(file + ": " + noun + " " + values[i] + " of row " + i + " is outside 0.." + (k - 1) + " (K = " + k + ")");
            }
        }
    }

    private static void checkClassifier(String file, float[][] w, float[] bias, int k, int d) {
        if (w.length != k) {
            throw new CacheException(file + ": " + w.length + " classifier rows for K = " + k + " classes; it needs one row per class");
        }
        int zero = 0;
        int first = -1;
        for (int c = 0; c < k; c++) {
            if (w[c] == null || w[c].length != d) {
                throw new CacheException(file + ": classifier row " + c + " has " + (w[c] == null ? 0 : w[c].length)
                        + " columns but the features have d = " + d);
            }
            double ss = 0;
            for (float x : w[c]) {
                ss += (double) x * x;
            }
            if (!Double.isFinite(ss)) {
                throw new CacheException(file + ": classifier row " + c + " contains NaN or Inf");
            }
            if (ss == 0 && zero++ == 0) {
                first = c;
            }
        }
        if (zero > 0) {
            throw new CacheException(file + ": " + zero + " of " + k + " classifier rows have norm 0 (first: row " + first
                    + "); a zero row has no direction, so no angle to it is defined");
        }
        if (bias != null) {
            if (bias.length != k) {
                throw new CacheException(file + ": the classifier bias has " + bias.length + " values for K = " + k + " classes");
            }
            for (int c = 0; c < k; c++) {
                if (!Float.isFinite(bias[c])) {
                    throw new CacheException(file + ": classifier bias " + c + " is NaN or Inf");
                }
            }
        }
    }
}
