package ncdesign.features;

import java.nio.file.Path;
import java.util.Arrays;
import ncdesign.api.metric.FeatureSet;

/** A {@link FeatureSet} built from NumPy files exported by another framework. */
public final class NpyFeatureSet {
    private NpyFeatureSet() {
    }

    /**
     * Reads features (N×d), labels (N, integers), and optionally weights (K×d), bias (K) and predictions (N).
     * K is the number of weight rows when given, else max(label)+1.
     */
    public static FeatureSet open(Path features, Path labels, Path weights, Path bias, Path predictions) {
        Npy.Array f = Npy.read(features);
        if (f.shape().length != 2) {
            throw new CacheException(features + ": features must be 2-D (N×d), got shape " + Arrays.toString(f.shape()));
        }
        Npy.Array y = Npy.read(labels);
        if (y.shape().length != 1 || !y.integer()) {
            throw new CacheException(labels + ": labels must be a 1-D integer array, got shape " + Arrays.toString(y.shape()));
        }
        if (y.rows() != f.rows()) {
            throw new CacheException(labels + ": " + y.rows() + " labels but " + features.getFileName() + " has " + f.rows() + " rows");
        }
        float[][] w = null;
        if (weights != null) {
            Npy.Array a = Npy.read(weights);
            if (a.shape().length != 2 || a.cols() != f.cols()) {
                throw new CacheException(weights + ": weights must be K×" + f.cols() + ", got shape " + Arrays.toString(a.shape()));
            }
            w = new float[a.rows()][a.cols()];
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.cols(); j++) {
                    w[i][j] = (float) a.values()[i * a.cols() + j];
                }
            }
        }
        float[] b = null;
        if (bias != null) {
            Npy.Array a = Npy.read(bias);
            if (a.shape().length != 1 || (w != null && a.rows() != w.length)) {
                throw new CacheException(bias + ": bias must be 1-D with one value per class, got shape " + Arrays.toString(a.shape()));
            }
            b = new float[a.rows()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) a.values()[i];
            }
        }
        int[] p = null;
        if (predictions != null) {
            Npy.Array a = Npy.read(predictions);
            if (a.shape().length != 1 || a.rows() != f.rows()) {
                throw new CacheException(predictions + ": predictions must be 1-D with " + f.rows() + " entries, got shape " + Arrays.toString(a.shape()));
            }
            p = Arrays.stream(a.values()).mapToInt(v -> (int) v).toArray();
        }
        float[] fv = new float[f.values().length];
        for (int i = 0; i < fv.length; i++) {
            fv[i] = (float) f.values()[i];
        }
        int[] yv = Arrays.stream(y.values()).mapToInt(v -> (int) v).toArray();
        return MemoryFeatureSet.of(fv, f.cols(), yv, w != null ? w.length : 0, p, w, b);
    }

    /** A classifier (K×d weights, optional bias) from NumPy files, checked against the expected K and d. */
    public static FeatureSet classifier(Path weights, Path bias, int numClasses, int dim) {
        Npy.Array a = Npy.read(weights);
        if (a.shape().length != 2 || a.rows() != numClasses || a.cols() != dim) {
            throw new CacheException(weights + ": weights must be " + numClasses + "x" + dim + " for this cache, got shape "
                    + Arrays.toString(a.shape()));
        }
        float[][] w = new float[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                w[i][j] = (float) a.values()[i * a.cols() + j];
            }
        }
        float[] b = null;
        if (bias != null) {
            Npy.Array ba = Npy.read(bias);
            if (ba.shape().length != 1 || ba.rows() != numClasses) {
                throw new CacheException(bias + ": bias must hold " + numClasses + " values, got shape " + Arrays.toString(ba.shape()));
            }
            b = new float[numClasses];
            for (int i = 0; i < numClasses; i++) {
                b[i] = (float) ba.values()[i];
            }
        }
        return MemoryFeatureSet.of(new float[0], dim, new int[0], numClasses, null, w, b);
    }
}
