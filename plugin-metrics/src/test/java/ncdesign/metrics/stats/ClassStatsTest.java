package ncdesign.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.param.Params;
import ncdesign.metrics.InMemoryFeatureSet;
import org.junit.jupiter.api.Test;

class ClassStatsTest {

    static InMemoryFeatureSet random(int n, int d, int k, long seed, int block) {
        Random r = new Random(seed);
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (r.nextGaussian() + (j % k == y[i] ? 2 : 0));
            }
        }
        return new InMemoryFeatureSet(f, n, d, k, y, null, null, null, block);
    }

    @Test
    void scatterInSeveralPassesEqualsOnePassAndRebockingDoesNotMatter() {
        InMemoryFeatureSet fs = random(700, 9, 6, 3, 1000);
        ClassStats one = ClassStats.compute(fs);
        long saved = ClassStats.scatterBudgetBytes;
        ClassStats.scatterBudgetBytes = 1; // one class per pass
        ClassStats many;
        try {
            many = ClassStats.compute(fs.withBlockRows(13));
            many.scatter();
        } finally {
            ClassStats.scatterBudgetBytes = saved;
        }
        for (int c = 0; c < 6; c++) {
            assertThat(many.counts()[c]).isEqualTo(one.counts()[c]);
            for (int q = 0; q < 9; q++) {
                assertThat(many.scatter().classCovarianceEigenvalues()[c][q])
                        .isCloseTo(one.scatter().classCovarianceEigenvalues()[c][q], within(1e-12));
                assertThat(many.scatter().pooledWithin()[c][q]).isCloseTo(one.scatter().pooledWithin()[c][q], within(1e-12));
            }
        }
    }

    @Test
    void computedOncePerPass() {
        InMemoryFeatureSet fs = random(50, 4, 3, 1, 7);
        Params none = Params.defaults("test", List.of());
        try (MetricPass pass = MetricPass.over(fs); MetricPass other = MetricPass.over(fs)) {
            assertThat(ClassStats.of(pass.context(none))).isSameAs(ClassStats.of(pass.context(none)));
            assertThat(ClassStats.of(other.context(none))).isNotSameAs(ClassStats.of(pass.context(none)));
        }
    }

    @Test
    void rankUpdateMatchesNaiveOuterProducts() {
        Random r = new Random(5);
        int d = 11;
        double[][] x = new double[5][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] acc = new double[d][d];
        JavaKernels.rankUpdate(acc, x, 5);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double s = 0;
                for (double[] row : x) {
                    s += row[i] * row[j];
                }
                assertThat(acc[i][j]).isCloseTo(s, within(1e-12));
            }
        }
    }
}
