package ncdesign.api.loss;

import java.util.Random;
import ncdesign.api.PluginException;
import ncdesign.api.annotation.Stable;

/**
 * The simplex equiangular tight frame: K unit vectors in R^d with pairwise cosine −1/(K−1), the geometry Neural
 * Collapse converges to. M = √(K/(K−1)) · P · (I − 11ᵀ/K), with P a d×K matrix of orthonormal columns obtained
 * from a seeded Gaussian matrix by Gram–Schmidt (a QR decomposition). Needs d ≥ K.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class SimplexEtf {
    private SimplexEtf() {
    }

    /** The K rows m_c (each of length d) of a seeded simplex ETF. */
    public static double[][] rows(int numClasses, int dim, long seed) {
        if (numClasses < 2) {
            throw new PluginException("a simplex ETF needs at least 2 classes, got K=" + numClasses);
        }
        if (dim < numClasses) {
            throw new PluginException("a fixed simplex ETF needs feature dimension d >= K, got d=" + dim + ", K=" + numClasses
                    + "; use a wider backbone (e.g. --backbone-param widths=...)");
        }
        Random r = new Random(seed);
        double[][] p = new double[numClasses][dim]; // columns of P, stored as rows
        for (int c = 0; c < numClasses; c++) {
            for (int j = 0; j < dim; j++) {
                p[c][j] = r.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) { // re-orthogonalise once for numerical safety
                for (int q = 0; q < c; q++) {
                    double dot = 0;
                    for (int j = 0; j < dim; j++) {
                        dot += p[c][j] * p[q][j];
                    }
                    for (int j = 0; j < dim; j++) {
                        p[c][j] -= dot * p[q][j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += p[c][j] * p[c][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                p[c][j] /= norm;
            }
        }
        double scale = Math.sqrt((double) numClasses / (numClasses - 1));
        double[] mean = new double[dim];
        for (double[] col : p) {
            for (int j = 0; j < dim; j++) {
                mean[j] += col[j] / numClasses;
            }
        }
        double[][] m = new double[numClasses][dim];
        for (int c = 0; c < numClasses; c++) {
            for (int j = 0; j < dim; j++) {
                m[c][j] = scale * (p[c][j] - mean[j]);
            }
        }
        return m;
    }
}
