package ncdesign.metrics.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import ncdesign.metrics.Reference;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    static double[][] randomSymmetric(int n, Random r) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        return a;
    }

    @Test
    void diagonalMatrix() {
        double[][] a = {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}};
        assertThat(SymmetricEigen.eigenvalues(Spectral.copy(a))).containsExactly(-1, 2, 3);
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(Spectral.copy(a));
        assertThat(e.values()).containsExactly(-1, 2, 3);
        assertThat(Math.abs(e.vectors()[0][1])).isCloseTo(1, within(1e-15));
    }

    @Test
    void twoByTwoClosedForm() {
        double a = 2, b = 0.7, c = -1.3;
        double mid = (a + c) / 2;
        double rad = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        double[] l = SymmetricEigen.eigenvalues(new double[][] {{a, b}, {b, c}});
        assertThat(l[0]).isCloseTo(mid - rad, within(1e-14));
        assertThat(l[1]).isCloseTo(mid + rad, within(1e-14));
    }

    @Test
    void trivialSizes() {
        assertThat(SymmetricEigen.eigenvalues(new double[0][0])).isEmpty();
        assertThat(SymmetricEigen.eigenvalues(new double[][] {{4.5}})).containsExactly(4.5);
        assertThat(SymmetricEigen.eigenvalues(new double[5][5])).containsOnly(0.0);
    }

    @Test
    void randomSymmetricEigenpairsSatisfyAvEqualsLambdaV() {
        Random r = new Random(42);
        for (int n : new int[] {3, 7, 40, 130}) {
            double[][] a = randomSymmetric(n, r);
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(Spectral.copy(a));
            double[] only = SymmetricEigen.eigenvalues(Spectral.copy(a));
            for (int q = 0; q < n; q++) {
                double[] v = e.vectors()[q];
                assertThat(Spectral.norm(v)).isCloseTo(1, within(1e-12));
                for (int i = 0; i < n; i++) {
                    assertThat(Spectral.dot(a[i], v)).isCloseTo(e.values()[q] * v[i], within(1e-9));
                }
                assertThat(only[q]).isCloseTo(e.values()[q], within(1e-10));
                if (q > 0) {
                    assertThat(e.values()[q]).isGreaterThanOrEqualTo(e.values()[q - 1]);
                    assertThat(Math.abs(Spectral.dot(v, e.vectors()[q - 1]))).isLessThan(1e-10);
                }
            }
            // against the independent Jacobi routine
            double[] jac = Reference.eig(a);
            Arrays.sort(jac);
            for (int q = 0; q < n; q++) {
                assertThat(only[q]).isCloseTo(jac[q], within(1e-9));
            }
        }
    }

    /**
     * A rank-deficient covariance (dead ReLU units, few samples) leaves round-off of ~1e-160 in its null space; the
     * Householder step must not square those entries to zero (which made β infinite and the spectrum NaN).
     */
    @Test
    void roundOffOfOrder1eMinus160InTheNullSpaceGivesFiniteEigenvalues() {
        Random r = new Random(3);
        int n = 9;
        double[][] a = new double[n][n];
        double[] big = {1, 2, 3};
        for (int i = 0; i < 3; i++) {
            a[i][i] = big[i];
        }
        for (int i = 3; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = a[j][i] = 1e-165 * r.nextGaussian();
            }
        }
        double[] e = SymmetricEigen.eigenvalues(Spectral.copy(a));
        assertThat(Arrays.stream(e).allMatch(Double::isFinite)).as(Arrays.toString(e)).isTrue();
        assertThat(e[n - 1]).isCloseTo(3, within(1e-15));
        assertThat(e[n - 2]).isCloseTo(2, within(1e-15));
        assertThat(e[n - 3]).isCloseTo(1, within(1e-15));
        for (int i = 0; i < n - 3; i++) {
            assertThat(Math.abs(e[i])).isLessThan(1e-163);
        }
        SymmetricEigen.Decomposition dec = SymmetricEigen.decompose(Spectral.copy(a));
        assertThat(Arrays.stream(dec.values()).allMatch(Double::isFinite)).isTrue();
        assertThat(Arrays.stream(dec.vectors()).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void lowRankPsdMatrix() {
        Random r = new Random(7);
        double[][] x = new double[3][20];
        for (double[] row : x) {
            for (int j = 0; j < 20; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] s = Spectral.scatter(x, 20);
        double[] l = SymmetricEigen.eigenvalues(Spectral.copy(s));
        double[] g = SymmetricEigen.eigenvalues(Spectral.gram(x));
        for (int i = 0; i < 17; i++) {
            assertThat(Math.abs(l[i])).isLessThan(1e-12);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(l[17 + i]).isCloseTo(g[i], within(1e-10));
        }
    }

    @Test
    void erankRefusesANonFiniteSpectrumInsteadOfCallingItTheZeroMatrix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spectral.erank(new double[] {1, Double.NaN}, 2, 1e-7))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("NaN");
    }

    @Test
    void erankOfZeroMatrixIsOneAndOfIdentityIsN() {
        assertThat(Spectral.erank(new double[6][6], 1e-7)).isEqualTo(1.0);
        assertThat(Spectral.erank(new double[0], 6, 1e-7)).isEqualTo(1.0);
        double[][] id = new double[6][6];
        for (int i = 0; i < 6; i++) {
            id[i][i] = 2.5;
        }
        assertThat(Spectral.erank(id, 1e-7)).isCloseTo(6, within(1e-9));
        assertThat(Spectral.erank(new double[] {1, 1, 1, -1e-17}, 4, 0)).isCloseTo(3, within(1e-12));
        // missing eigenvalues count as zeros
        assertThat(Spectral.erank(new double[] {1, 2}, 5, 1e-3))
                .isCloseTo(Spectral.erank(new double[] {0, 0, 0, 1, 2}, 5, 1e-3), within(1e-12));
    }
}
