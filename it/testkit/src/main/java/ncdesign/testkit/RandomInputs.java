package ncdesign.testkit;

import java.util.Random;

/** Seeded random inputs for conformance checks. */
public final class RandomInputs {
    private RandomInputs() {
    }

    /** rows × cols standard-normal matrix from {@code seed}. */
    public static double[][] gaussian(long seed, int rows, int cols) {
        Random r = new Random(seed);
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }

    /** {@code n} labels in 0..k−1 where every class appears at least once when n ≥ k. */
    public static int[] labels(long seed, int n, int k) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < k ? i : r.nextInt(k);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return y;
    }

    /** A seeded permutation of 0..n−1 (Fisher–Yates with {@code new Random(seed)}). */
    public static int[] permutation(int n, long seed) {
        Random r = new Random(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
