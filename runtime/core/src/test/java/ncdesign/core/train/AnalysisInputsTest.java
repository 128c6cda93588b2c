package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import ncdesign.api.PluginKind;
import ncdesign.api.error.DataException;
import ncdesign.api.metric.MetricValue;
import ncdesign.features.MemoryFeatureSet;
import org.junit.jupiter.api.Test;

/** What a run's metrics do with rows of norm 0 (left out, counted) and with invalid features (one line, no empty table). */
class AnalysisInputsTest {
    private static final int N = 400;
    private static final int D = 8;

    @Test
    void zeroRowsAreLeftOutAndInvalidFeaturesStopWithOneLine() {
        MemoryFeatureSet base = MetricPlanTest.features(3);
        float[] f = new float[N * D];
        base.forEachBlock((o, rows, data) -> System.arraycopy(data, 0, f, o * D, rows * D));
        int[] y = base.labels();
        float[][] w = base.weights().orElseThrow();
        float[] zeroed = f.clone();
        java.util.Arrays.fill(zeroed, 5 * D, 6 * D, 0f);
        java.util.Arrays.fill(zeroed, 9 * D, 10 * D, 0f);
        float[] kept = new float[(N - 2) * D];
        int[] keptY = new int[N - 2];
        for (int i = 0, o = 0; i < N; i++) {
            if (i != 5 && i != 9) {
                System.arraycopy(f, i * D, kept, o * D, D);
                keptY[o++] = y[i];
            }
        }
        MetricPlan plan = MetricPlan.of(MetricPlanTest.REG.list(PluginKind.METRIC));
        List<MetricValue> with = Analysis.metrics(plan, MemoryFeatureSet.of(zeroed, D, y, 4, null, w, null), null);
        List<MetricValue> without = Analysis.metrics(plan, MemoryFeatureSet.of(kept, D, keptY, 4, null, w, null), null);
        assertThat(with).hasSizeGreaterThan(14);
        java.util.Map<String, Double> expected = MetricPlanTest.values(without);
        assertThat(MetricPlanTest.values(with)).hasSameSizeAs(expected).allSatisfy((name, v) ->
                assertThat(v).as(name).isCloseTo(expected.get(name), org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(v)))));

        // every row zero (a network whose last ReLUs all died): nothing is measured, nothing stops
        assertThat(Analysis.metrics(plan, MemoryFeatureSet.of(new float[N * D], D, y, 4, null, w, null), null)).isEmpty();

        zeroed[7 * D + 1] = Float.NaN;
        assertThatThrownBy(() -> Analysis.metrics(plan, MemoryFeatureSet.of(zeroed, D, y, 4, null, w, null), null))
                .isInstanceOf(DataException.class)
                .hasMessage("the feature set: 1 of 400 feature rows contain NaN or Inf (first: row 7); remove them or fix what produced them");
    }
}
