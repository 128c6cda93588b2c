package ncdesign.runtime.data;

import java.util.List;
import java.util.Objects;

/**
 * An image classification split held in memory as uint8: {@code images} is N×H×W×C (NHWC, row-major), labels in
 * 0..K−1. Immutable by convention (arrays are not copied, never modify them).
 *
 * @param name       dataset name, e.g. {@code fashion-mnist}
 * @param images     N·H·W·C bytes (unsigned)
 * @param labels     N labels
 * @param classNames K class names in label order
 * @param height     H
 * @param width      W
 * @param channels   C (1 or 3)
 */
public record Dataset(String name, byte[] images, int[] labels, List<String> classNames, int height, int width, int channels) {
    public Dataset {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        long per = (long) height * width * channels;
        if (per <= 0 || images.length != per * labels.length) {
            throw new DataException(name + ": " + images.length + " image bytes do not hold " + labels.length
                    + " images of " + height + "x" + width + "x" + channels);
        }
        int k = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new DataException(name + ": label " + labels[i] + " of sample " + i + " is outside 0.." + (k - 1));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Bytes per image, H·W·C. */
    public int imageBytes() {
        return height * width * channels;
    }

    /** Offset of image {@code i} in {@link #images()}. */
    public int imageOffset(int i) {
        return i * imageBytes();
    }

    /** Samples per class. */
    public int[] classCounts() {
        int[] c = new int[numClasses()];
        for (int y : labels) {
            c[y]++;
        }
        return c;
    }

    /** A dataset of the given samples, in the given order (e.g. a long-tailed subset). */
    public Dataset subset(int[] indices) {
        int b = imageBytes();
        byte[] img = new byte[indices.length * b];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images, indices[i] * b, img, i * b, b);
            y[i] = labels[indices[i]];
        }
        return new Dataset(name, img, y, classNames, height, width, channels);
    }

    /**
     * The standard exponential long-tailed profile: class c keeps ⌊n_max · ρ^{c/(K−1)}⌋ of its samples (n_max the
     * largest class), chosen by a seeded shuffle within each class; dataset order is kept otherwise.
     *
     * @param ratio imbalance ratio ρ in (0, 1], e.g. 0.01
     */
    public Dataset longTailed(double ratio, long seed) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new DataException("long-tail imbalance ratio must be in (0, 1], got " + ratio);
        }
        int k = numClasses();
        int[] counts = classCounts();
        int nMax = 0;
        for (int c : counts) {
            nMax = Math.max(nMax, c);
        }
        java.util.List<java.util.List<Integer>> byClass = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
        for (int c = 0; c < k; c++) {
            int want = (int) Math.floor(nMax * Math.pow(ratio, k == 1 ? 0 : (double) c / (k - 1)));
            java.util.List<Integer> idx = byClass.get(c);
            java.util.Collections.shuffle(idx, new java.util.Random(seed * 31 + c));
            keep.addAll(idx.subList(0, Math.min(want, idx.size())));
        }
        return subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The first {@code n} samples (for quick runs and tests). */
    public Dataset head(int n) {
        int[] idx = new int[Math.min(n, size())];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return subset(idx);
    }
}
