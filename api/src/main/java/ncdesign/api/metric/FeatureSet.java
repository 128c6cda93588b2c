package ncdesign.api.metric;

import java.util.List;
import java.util.Optional;
import ncdesign.api.annotation.Stable;

/**
 * A cached set of N feature vectors with labels and, where the model has one, the classifier. Features are
 * streamed in row blocks so a metric never needs the whole matrix as Java objects; labels, predictions and the
 * classifier are small and held in memory.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface FeatureSet {

    /** N, the number of samples. */
    int size();

    /** d, the feature dimension of the selected column. */
    int dim();

    /** K, the number of classes. */
    int numClasses();

    /** Labels in 0..K−1, length N. */
    int[] labels();

    /** Predictions of the model's classifier, length N, if recorded; none by default. */
    default Optional<int[]> predictions() {
        return Optional.empty();
    }

    /** Classifier rows w_c, K × d, if the model has a classifier; none by default. */
    default Optional<float[][]> weights() {
        return Optional.empty();
    }

    /** Classifier bias, length K, if the classifier has one; none by default. */
    default Optional<float[]> bias() {
        return Optional.empty();
    }

    /** Names of the feature columns this set holds, e.g. {@code features} and {@code head_features}; by default only {@link #column()}. */
    default List<String> columns() {
        return List.of(column());
    }

    /** The column {@link #forEachBlock} streams; {@code features} by default. */
    default String column() {
        return "features";
    }

    /** The same set streaming another feature column; by default a set of one column selects only that one. */
    default FeatureSet select(String column) {
        if (!columns().contains(column)) {
            throw new IllegalArgumentException("no feature column '" + column + "'; this set holds " + String.join(", ", columns()));
        }
        return this;
    }

    /**
     * Streams the features of the selected column in blocks of consecutive rows.
     * The array passed to the visitor is reused between calls; copy what you keep.
     */
    void forEachBlock(BlockVisitor visitor);

    /** Receives {@code rows} feature rows, row-major in {@code data} (rows × d), starting at sample {@code offset}. */
    @FunctionalInterface
    interface BlockVisitor {
        void accept(int offset, int rows, float[] data);
    }
}
