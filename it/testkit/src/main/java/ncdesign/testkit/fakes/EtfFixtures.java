package ncdesign.testkit.fakes;

import java.util.Random;
import ncdesign.api.loss.SimplexEtf;

/**
 * Feature sets around a simplex equiangular tight frame (K unit vectors in R^d with pairwise cosine −1/(K−1), the
 * geometry Neural Collapse converges to; {@link SimplexEtf}). {@link #collapsed} is the exact optimum every Neural
 * Collapse metric must score as optimal; {@link #clustered} is a noisy, imperfect model for checks that need
 * within-class variation, misclassified samples and a classifier that differs from the class means.
 */
public final class EtfFixtures {
    private EtfFixtures() {
    }

    /** The K rows of a seeded simplex ETF in R^d (unit norm; needs 2 ≤ K ≤ d). */
    public static float[][] etf(int numClasses, int dim, long seed) {
        double[][] m = SimplexEtf.rows(numClasses, dim, seed);
        float[][] f = new float[numClasses][dim];
        for (int c = 0; c < numClasses; c++) {
            for (int j = 0; j < dim; j++) {
                f[c][j] = (float) m[c][j];
            }
        }
        return f;
    }

    /**
     * Exact Neural Collapse: {@code perClass} samples of each class (labels 0, 1, …, K−1, 0, 1, …), every feature
     * equal to its class's ETF vertex, the classifier equal to the ETF (no bias) and every prediction right.
     */
    public static MemoryFeatures collapsed(int numClasses, int dim, int perClass, long seed) {
        float[][] w = etf(numClasses, dim, seed);
        int n = numClasses * perClass;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % numClasses;
            x[i] = w[y[i]].clone();
        }
        return MemoryFeatures.of(x, y, numClasses).withWeights(w).withPredictions(y.clone());
    }

    /**
     * A model short of collapse: features are the ETF vertex of their class scaled by a random norm in [0.5, 2]
     * plus Gaussian noise of standard deviation {@code noise} per coordinate; the classifier is the ETF with noise
     * of the same size and a small bias; predictions are its arg-max (so some are wrong when the noise is large).
     * Class sizes differ: class c has {@code perClass + c % 3} samples, shuffled.
     */
    public static MemoryFeatures clustered(int numClasses, int dim, int perClass, double noise, long seed) {
        Random r = new Random(seed);
        float[][] means = etf(numClasses, dim, seed);
        int n = 0;
        for (int c = 0; c < numClasses; c++) {
            n += perClass + c % 3;
        }
        int[] y = new int[n];
        for (int c = 0, i = 0; c < numClasses; c++) {
            for (int s = 0; s < perClass + c % 3; s++) {
                y[i++] = c;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        float[][] x = new float[n][dim];
        for (int i = 0; i < n; i++) {
            double scale = 0.5 + 1.5 * r.nextDouble();
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) (scale * means[y[i]][j] + noise * r.nextGaussian());
            }
        }
        float[][] w = new float[numClasses][dim];
        float[] b = new float[numClasses];
        for (int c = 0; c < numClasses; c++) {
            for (int j = 0; j < dim; j++) {
                w[c][j] = (float) (means[c][j] + noise * r.nextGaussian());
            }
            b[c] = (float) (0.1 * r.nextGaussian());
        }
        return MemoryFeatures.of(x, y, numClasses).withWeights(w).withBias(b).predictedByClassifier();
    }
}
