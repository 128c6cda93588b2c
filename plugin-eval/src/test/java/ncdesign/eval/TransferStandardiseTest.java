package ncdesign.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ncdesign.api.metric.FeatureSet;
import org.junit.jupiter.api.Test;

/** The transfer evaluator standardises features with the downstream training statistics, and the test features with the same ones. */
class TransferStandardiseTest {
    @Test
    void trainingFeaturesGetZeroMeanAndUnitVarianceAndTestFeaturesTheSameMap() {
        // dimension 0: values 1e-3 * {1, 2, 3, 4} (a tiny scale); dimension 1: 100 + {0, 10, 0, 10}
        float[] train = {1e-3f, 100, 2e-3f, 110, 3e-3f, 100, 4e-3f, 110};
        float[] test = {2.5e-3f, 105, 5e-3f, 90};
        FeatureSet[] f = {new DenseFeatureSet(train, 2, new int[] {0, 1, 0, 1}, 2), new DenseFeatureSet(test, 2, new int[] {1, 0}, 2)};
        TransferProbe.standardise(f);
        float[][] out = new float[2][];
        for (int s = 0; s < 2; s++) {
            int k = s;
            out[k] = new float[f[k].size() * 2];
            f[k].forEachBlock((offset, rows, data) -> System.arraycopy(data, 0, out[k], offset * 2, rows * 2));
        }
        double m0 = 0;
        double m1 = 0;
        double v0 = 0;
        double v1 = 0;
        for (int i = 0; i < 4; i++) {
            m0 += out[0][2 * i] / 4;
            m1 += out[0][2 * i + 1] / 4;
            v0 += out[0][2 * i] * out[0][2 * i] / 4;
            v1 += out[0][2 * i + 1] * out[0][2 * i + 1] / 4;
        }
        assertThat(m0).isCloseTo(0, within(1e-4));
        assertThat(m1).isCloseTo(0, within(1e-4));
        assertThat(v0).isCloseTo(1, within(1e-3));
        assertThat(v1).isCloseTo(1, within(1e-3));
        // test: (2.5e-3 - 2.5e-3) / sd0 = 0; (105 - 105) / 5 = 0; (5e-3 - 2.5e-3) / 1.118e-3 = 2.236; (90 - 105) / 5 = -3
        assertThat(out[1][0]).isCloseTo(0f, within(1e-3f));
        assertThat(out[1][1]).isCloseTo(0f, within(1e-3f));
        assertThat(out[1][2]).isCloseTo(2.236f, within(1e-2f));
        assertThat(out[1][3]).isCloseTo(-3f, within(1e-3f));
        assertThat(f[1].labels()).containsExactly(1, 0);
    }
}
