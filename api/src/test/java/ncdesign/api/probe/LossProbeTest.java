package ncdesign.api.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.error.ConfigException;
import ncdesign.api.loss.Loss;
import org.junit.jupiter.api.Test;

class LossProbeTest {
    private static final int M = 6;
    private static final int K = 3;
    private static final int D = 4;

    private static double[][] gauss(Random r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }

    private static ProbeInputs inputs(long seed) {
        Random r = new Random(seed);
        return ProbeInputs.of(gauss(r, M, D), new int[] {0, 1, 2, 0, 1, 2}, K, gauss(r, K, D));
    }

    @Test
    void returnsValueGradientsScoresAndDiagnostics() {
        ProbeInputs in = inputs(1);
        ProbeResult r = LossProbe.evaluate(new TestLosses.CosSoftmax(0.5), in);
        assertThat(r.value()).isCloseTo(TestLosses.CosSoftmax.reference(in.features(), in.weights(), in.labels(), 0.5), within(1e-12));
        assertThat(r.scores()).hasDimensions(M, K);
        assertThat(r.scores()[2][1]).isCloseTo(TestLosses.CosSoftmax.cos(in.features()[2], in.weights()[1]), within(1e-12));
        assertThat(r.diagnostics()).containsEntry("rows", (double) M);
        assertThat(r.gradFeatures()).hasDimensions(M, D);
        assertThat(r.gradWeights()).hasDimensions(K, D);
        assertThat(r.gradBias()).isNull();
        assertThat(r.gradSecondView()).isNull();
    }

    @Test
    void anInputTheLossDoesNotUseIsRefusedInOneLineNamingItAndTheLoss() {
        ProbeInputs in = inputs(2);
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.CosSoftmax(0.5), in.withBias(new double[K])))
                .isInstanceOf(PluginException.class)
                .hasMessage("a bias was given but loss CosSoftmax does not use one (its needs() declare classifier LEARNED_NO_BIAS;"
                        + " only LEARNED_WITH_BIAS takes a bias); pass a null bias");
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.TwoViews(), in.withSecondView(in.features())))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("classifier weights were given but loss TwoViews does not use them")
                .hasMessageContaining("classifier NONE");
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.ModeSum(), in.withWeights(null).withSecondView(in.features())))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("a second view was given but loss ModeSum uses one view");
        // a loss made by name is named by it
        assertThatThrownBy(() -> LossProbe.evaluate(LossProbe.create("probe-cos", Map.of()), in.withBias(new double[K])))
                .isInstanceOf(PluginException.class).hasMessageContaining("but loss 'probe-cos' does not use one");
        // what it needs is still required
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.CosSoftmax(0.5), in.withWeights(null)))
                .isInstanceOf(PluginException.class).hasMessageContaining("needs classifier weights");
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.TwoViews(), in.withWeights(null)))
                .isInstanceOf(PluginException.class).hasMessageContaining("needs a second augmented view");
    }

    @Test
    void wrongShapesAndUnusedDeclaredInputsArePluginErrorsNotTensorFlowOnes() {
        ProbeInputs in = inputs(3);
        ProbeInputs noWeights = in.withWeights(null);
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.PerRow(), noWeights))
                .isInstanceOf(PluginException.class).hasMessage("loss PerRow returned a loss of shape [6]; a loss must be a scalar");
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.FeatureScores(), in))
                .isInstanceOf(PluginException.class)
                .hasMessage("loss FeatureScores returned class scores of shape [6, 4]; expected [batch, 3]");
        assertThatThrownBy(() -> LossProbe.evaluate(new TestLosses.IgnoresWeights(), in))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("loss IgnoresWeights's value does not depend on its classifier weights")
                .hasMessageNotContaining("Placeholder");
    }

    @Test
    void inferenceModeBuildsTheInferenceBranch() {
        ProbeInputs in = inputs(4).withWeights(null);
        double sum = 0;
        for (double[] row : in.features()) {
            for (double v : row) {
                sum += v;
            }
        }
        Loss l = new TestLosses.ModeSum();
        assertThat(LossProbe.evaluate(l, in).value()).isCloseTo(sum, within(1e-12));
        assertThat(LossProbe.evaluate(l, in, LossProbe.Precision.FLOAT64, Mode.INFER).value()).isCloseTo(2 * sum, within(1e-12));
        assertThat(LossProbe.evaluate(l, in, LossProbe.Precision.FLOAT32, Mode.INFER).gradFeatures()[0][0]).isEqualTo(2.0);
    }

    @Test
    void aReusableEvaluatorGivesTheOneShotResultsForNewValuesAndChecksFiniteDifferences() {
        Loss loss = new TestLosses.CosSoftmax(0.5);
        ProbeInputs in = inputs(5);
        try (LossEvaluator e = LossProbe.evaluator(loss, in)) {
            for (long seed = 5; seed < 9; seed++) {
                ProbeInputs x = inputs(seed);
                ProbeResult reused = e.evaluate(x);
                ProbeResult fresh = LossProbe.evaluate(loss, x);
                assertThat(reused.value()).isEqualTo(fresh.value());
                assertThat(reused.gradFeatures()).isDeepEqualTo(fresh.gradFeatures());
                assertThat(reused.scores()).isDeepEqualTo(fresh.scores());
                assertThat(reused.diagnostics()).isEqualTo(fresh.diagnostics());
            }
            // central differences of the value through the same evaluator match the analytic gradient
            double[][] z = in.features();
            double[][] g = e.evaluate(in).gradFeatures();
            double h = 1e-6;
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < D; j++) {
                    double keep = z[i][j];
                    z[i][j] = keep + h;
                    double up = e.evaluate(in).value();
                    z[i][j] = keep - h;
                    double down = e.evaluate(in).value();
                    z[i][j] = keep;
                    assertThat(g[i][j]).as("d/dz[%d][%d]", i, j).isCloseTo((up - down) / (2 * h), within(1e-7));
                }
            }
            ProbeInputs other = ProbeInputs.of(new double[M + 1][D], new int[M + 1], K, in.weights());
            assertThatThrownBy(() -> e.evaluate(other)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was built for features 6x4").hasMessageContaining("got features 7x4");
            assertThatThrownBy(() -> e.evaluate(in.withBias(new double[K]))).isInstanceOf(PluginException.class);
        }
        LossEvaluator closed = LossProbe.evaluator(loss, in);
        closed.close();
        assertThatThrownBy(() -> closed.evaluate(in)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void createsALossByNameWithValidatedParameters() {
        ProbeInputs in = inputs(6);
        double expected = TestLosses.CosSoftmax.reference(in.features(), in.weights(), in.labels(), 0.2);
        assertThat(LossProbe.evaluate(LossProbe.create("probe-cos", Map.of("tau", 0.2)), in).value()).isCloseTo(expected, within(1e-12));
        assertThat(LossProbe.evaluate(LossProbe.create("probe-cos", Map.of("tau", "0.2")), in).value()).isCloseTo(expected, within(1e-12));
        assertThatThrownBy(() -> LossProbe.create("nope", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("unknown loss 'nope'; known: probe-cos, probe-throws");
        assertThatThrownBy(() -> LossProbe.create("probe-cos", Map.of("tau", 0))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("parameter 'tau' of loss 'probe-cos' must be > 0, got 0");
        assertThatThrownBy(() -> LossProbe.create("probe-cos", Map.of("gamma", 1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown parameter 'gamma' for loss 'probe-cos'");
        assertThatThrownBy(() -> LossProbe.create("probe-throws", Map.of())).isInstanceOf(PluginException.class)
                .hasMessage("loss 'probe-throws' failed: IllegalStateException: boom");
    }
}
