package ncdesign.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A {@link FeatureSet} over NumPy files exported by another framework. The features are streamed from their file
 * block by block (never held whole, so a file larger than memory works); labels, predictions and the classifier are
 * small and loaded, and checked against each other when opened, each problem in one line naming its file and row.
 */
public final class NpyFeatureSet implements FeatureSet {
    private final Npy.Header features;
    private final int n;
    private final int d;
    private final int[] labels;
    private final int numClasses;
    private final int[] predictions;
    private final float[][] weights;
    private final float[] bias;

    private NpyFeatureSet(Npy.Header features, int[] labels, int numClasses, int[] predictions, float[][] weights, float[] bias) {
        this.features = features;
        this.n = labels.length;
        this.d = (int) features.cols();
        this.labels = labels;
        this.numClasses = numClasses;
        this.predictions = predictions;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Opens features (N×d), labels (N, integers in 0..K−1), and optionally weights (K×d), bias (K) and predictions (N).
     * K is the number of weight rows when weights are given, else max(label)+1 (at most N).
     */
    public static FeatureSet open(Path features, Path labels, Path weights, Path bias, Path predictions) {
        Npy.Header f = Npy.header(features);
        if (f.shape().length != 2) {
            throw new CacheException(features + ": features must be 2-D (N×d), got shape " + f.shapeText());
        }
        if (f.rows() > Npy.MAX_ELEMENTS) {
            throw new CacheException(features + ": " + f.rows() + " rows; at most " + Npy.MAX_ELEMENTS + " samples are supported");
        }
        if (f.rows() == 0) {
            throw new CacheException(features + ": no samples (shape " + f.shapeText() + "); there is nothing to measure");
        }
        if (f.cols() == 0 || f.cols() > Integer.MAX_VALUE / 8) {
            throw new CacheException(features + ": feature dimension d = " + f.cols() + " (shape " + f.shapeText() + ") is not usable");
        }
        int rows = (int) f.rows();
        int dim = (int) f.cols();
        Npy.Array y = Npy.read(labels);
        if (y.shape().length != 1 || !y.integer()) {
            throw new CacheException(labels + ": labels must be a 1-D integer array, got shape " + Npy.shapeText(y.shape())
                    + (y.integer() ? "" : " of floats"));
        }
        if (y.values().length != rows) {
            throw new CacheException(labels + ": " + y.values().length + " labels but " + features.getFileName() + " has " + rows + " rows");
        }
        float[][] w = weights == null ? null : matrix(weights, -1, dim);
        int k = w != null ? w.length : classesOf(labels, y.values());
        int[] yv = classIndices(labels, "label", y.values(), k, w != null
                ? weights.getFileName() + " has " + k + " rows, one per class"
                : "without --weights K is the largest label + 1");
        float[] b = bias == null ? null : vector(bias, k);
        int[] p = null;
        if (predictions != null) {
            Npy.Array a = Npy.read(predictions);
            if (a.shape().length != 1 || a.values().length != rows || !a.integer()) {
                throw new CacheException(predictions + ": predictions must be 1-D integers with " + rows + " entries, got shape "
                        + Npy.shapeText(a.shape()));
            }
            p = classIndices(predictions, "prediction", a.values(), k, "K = " + k);
        }
        return new NpyFeatureSet(f, yv, k, p, w, b);
    }

    /** K from labels alone: max(label)+1, refusing negative labels and labels of N or more (more classes than samples). */
    private static int classesOf(Path file, double[] y) {
        long max = -1;
        for (int i = 0; i < y.length; i++) {
            long v = (long) y[i];
            if (v < 0) {
                throw new CacheException(file + ": label " + v + " of row " + i + " is negative; labels are class indices 0..K-1");
            }
            if (v >= y.length) {
                throw new CacheException(file + ": label " + v + " of row " + i + " is outside 0.." + (y.length - 1)
                        + ": without --weights K is the largest label + 1, and there cannot be more classes than the N = "
                        + y.length + " samples (give the classifier's weights to set K)");
            }
            max = Math.max(max, v);
        }
        return (int) max + 1;
    }

    /** Integer values as class indices 0..k−1, exactly (a label of 2^32 is named as such, never as a wrapped int). */
    private static int[] classIndices(Path file, String noun, double[] values, int k, String why) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            long v = (long) values[i];
            if (v < 0 || v >= k) {
                throw new CacheException(file + ": " + noun + " " + v + " of row " + i + " is outside 0.." + (k - 1) + " (" + why + ")");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static float[][] matrix(Path file, int rows, int cols) {
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 2 || a.cols() != cols || (rows >= 0 && a.rows() != rows) || a.rows() == 0) {
            throw new CacheException(file + ": weights must be " + (rows >= 0 ? rows : "K") + "x" + cols + ", got shape "
                    + Npy.shapeText(a.shape()));
        }
        float[][] w = new float[a.rows()][cols];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < cols; j++) {
                w[i][j] = (float) a.values()[i * cols + j];
            }
        }
        return w;
    }

    private static float[] vector(Path file, int k) {
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 1 || a.values().length != k) {
            throw new CacheException(file + ": bias must be 1-D with one value per class (" + k + "), got shape " + Npy.shapeText(a.shape()));
        }
        float[] b = new float[k];
        for (int i = 0; i < k; i++) {
            b[i] = (float) a.values()[i];
        }
        return b;
    }

    /** A classifier (K×d weights, optional bias) from NumPy files, checked against the expected K and d. */
    public static FeatureSet classifier(Path weights, Path bias, int numClasses, int dim) {
        float[][] w = matrix(weights, numClasses, dim);
        float[] b = bias == null ? null : vector(bias, numClasses);
        return MemoryFeatureSet.of(new float[0], dim, new int[0], numClasses, null, w, b);
    }

    /** The features file. */
    public Path file() {
        return features.file();
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
    public FeatureSet select(String name) {
        if (!name.equals("features")) {
            throw new CacheException(features.file() + " has no feature column '" + name + "'; a .npy file has one: features");
        }
        return this;
    }

    /** Streams the rows from the file by position, about 4 MB per block, converted to float32. */
    @Override
    public void forEachBlock(BlockVisitor visitor) {
        int block = Math.min(n, Npy.blockRows(features));
        ByteBuffer buf = ByteBuffer.allocate(block * d * features.dtype().size).order(ByteOrder.LITTLE_ENDIAN);
        float[] rows = new float[block * d];
        try (FileChannel ch = Npy.open(features.file())) {
            for (int off = 0; off < n; off += block) {
                int r = Math.min(block, n - off);
                Npy.readRows(features, ch, off, r, buf, rows);
                visitor.accept(off, r, rows);
            }
        } catch (IOException e) {
            throw new CacheException(features.file() + ": read failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "NpyFeatureSet[" + features.file() + ", N=" + n + ", d=" + d + ", K=" + numClasses + "]";
    }

}
