package ncdesign.api.eval;

import java.util.List;
import java.util.Objects;
import ncdesign.api.annotation.Stable;

/**
 * Labelled images as the runtime stores them, so evaluators can pass images between {@link EvalImages} and a
 * {@link TrainedEncoder} without depending on the runtime's dataset type. Arrays are shared, not copied: never
 * modify them.
 *
 * @param name       dataset name, for messages
 * @param pixels     N·H·W·C unsigned bytes, NHWC row-major
 * @param labels     N labels in 0..K−1
 * @param classNames K class names in label order
 * @param height     H
 * @param width      W
 * @param channels   C (1 or 3)
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record ImageBatch(String name, byte[] pixels, int[] labels, List<String> classNames, int height, int width, int channels) {
    public ImageBatch {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if ((long) height * width * channels * labels.length != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " bytes do not hold " + labels.length + " images of "
                    + height + "x" + width + "x" + channels);
        }
    }

    /** N. */
    public int size() {
        return labels.length;
    }

    /** K. */
    public int numClasses() {
        return classNames.size();
    }

    /** The first {@code n} images (all when there are fewer). */
    public ImageBatch head(int n) {
        int m = Math.min(n, size());
        if (m == size()) {
            return this;
        }
        return new ImageBatch(name, java.util.Arrays.copyOf(pixels, m * height * width * channels),
                java.util.Arrays.copyOf(labels, m), classNames, height, width, channels);
    }
}
