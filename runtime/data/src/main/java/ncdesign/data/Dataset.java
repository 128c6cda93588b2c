package ncdesign.data;

import java.util.List;
import java.util.Objects;
import ncdesign.api.error.DataException;

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

    /**
     * This dataset in another image format, for transfer to an encoder trained on it: bilinear resize to h×w;
     * greyscale → RGB replicates the channel, RGB → greyscale takes the luma (0.299 R + 0.587 G + 0.114 B).
     */
    public Dataset adapt(int h, int w, int c) {
        if (h == height && w == width && c == channels) {
            return this;
        }
        int n = size();
        byte[] out = new byte[n * h * w * c];
        for (int i = 0; i < n; i++) {
            int base = imageOffset(i);
            for (int y = 0; y < h; y++) {
                double fy = Math.min(Math.max((y + 0.5) * height / h - 0.5, 0), height - 1);
                int y0 = (int) fy;
                int y1 = Math.min(y0 + 1, height - 1);
                double wy = fy - y0;
                for (int x = 0; x < w; x++) {
                    double fx = Math.min(Math.max((x + 0.5) * width / w - 0.5, 0), width - 1);
                    int x0 = (int) fx;
                    int x1 = Math.min(x0 + 1, width - 1);
                    double wx = fx - x0;
                    double[] px = new double[channels];
                    for (int k = 0; k < channels; k++) {
                        px[k] = (1 - wy) * ((1 - wx) * at(base, y0, x0, k) + wx * at(base, y0, x1, k))
                                + wy * ((1 - wx) * at(base, y1, x0, k) + wx * at(base, y1, x1, k));
                    }
                    int o = ((i * h + y) * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        double v = channels == c ? px[k] : c == 3 ? px[0] : 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
                        out[o + k] = (byte) Math.round(Math.min(255, Math.max(0, v)));
                    }
                }
            }
        }
        return new Dataset(name, out, labels, classNames, h, w, c);
    }

    private int at(int base, int y, int x, int k) {
        return images[base + (y * width + x) * channels + k] & 0xff;
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
