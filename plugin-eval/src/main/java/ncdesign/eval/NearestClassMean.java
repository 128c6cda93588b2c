package ncdesign.eval;

import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;

/** Nearest-class-mean classification on L2-normalised features. */
final class NearestClassMean {
    private NearestClassMean() {
    }

    /** K × d means of the normalised features of each class; an empty class is an error. */
    static double[][] classMeans(FeatureSet train) {
        int k = train.numClasses();
        int d = train.dim();
        int[] y = train.labels();
        double[][] sums = new double[k][d];
        long[] counts = new long[k];
        train.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                int c = y[offset + r];
                double n = norm(data, r * d, d);
                for (int j = 0; j < d; j++) {
                    sums[c][j] += data[r * d + j] / n;
                }
                counts[c]++;
            }
        });
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                throw new PluginException("class " + c + " has no training samples; nearest-class-mean needs every class");
            }
            for (int j = 0; j < d; j++) {
                sums[c][j] /= counts[c];
            }
        }
        return sums;
    }

    /** Fraction of {@code test} whose closest class mean (Euclidean, on normalised features) is its label. */
    static double accuracy(double[][] means, FeatureSet test) {
        int d = test.dim();
        int[] y = test.labels();
        long[] correct = new long[1];
        double[] meanSq = new double[means.length];
        for (int c = 0; c < means.length; c++) {
            for (double v : means[c]) {
                meanSq[c] += v * v;
            }
        }
        test.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                double n = norm(data, r * d, d);
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int c = 0; c < means.length; c++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        dot += data[r * d + j] / n * means[c][j];
                    }
                    double dist = meanSq[c] - 2 * dot; // ‖u − μ‖² up to the constant ‖u‖² = 1
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = c;
                    }
                }
                if (best == y[offset + r]) {
                    correct[0]++;
                }
            }
        });
        return y.length == 0 ? Double.NaN : (double) correct[0] / y.length;
    }

    private static double norm(float[] data, int from, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) data[from + j] * data[from + j];
        }
        return Math.max(Math.sqrt(s), 1e-12);
    }
}
