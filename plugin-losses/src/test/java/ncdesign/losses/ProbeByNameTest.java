package ncdesign.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.api.probe.LossProbe;
import ncdesign.api.probe.ProbeInputs;
import ncdesign.api.probe.ProbeResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The built-in losses through {@link LossProbe#create}, as a plugin author would probe them. */
class ProbeByNameTest {
    private static final int M = 12;
    private static final int K = 4;
    private static final int D = 6;

    /** Everything the loss needs, and nothing else. */
    private static ProbeInputs inputs(Loss loss, long seed) {
        Random r = new Random(seed);
        LossNeeds n = loss.needs();
        double[][] w = switch (n.classifier()) {
            case NONE -> null;
            case FIXED_ETF -> SimplexEtf.rows(K, D, 3);
            default -> LossesTest.gauss(r, K, D);
        };
        return new ProbeInputs(LossesTest.gauss(r, M, D), LossesTest.labels(r, M, K), K, w,
                n.classifier().hasBias() ? LossesTest.gauss(r, 1, K)[0] : null, n.views() == 2 ? LossesTest.gauss(r, M, D) : null);
    }

    @Test
    void inputsALossDoesNotUseAreRefusedInOneLineInsteadOfATensorFlowError() {
        Loss scl = LossProbe.create("scl", Map.of("tau", 0.2));
        ProbeInputs in = inputs(scl, 1);
        assertThatThrownBy(() -> LossProbe.evaluate(scl, in.withWeights(LossesTest.gauss(new Random(2), K, D))))
                .isInstanceOf(PluginException.class)
                .hasMessage("classifier weights were given but loss 'scl' does not use them (its needs() declare classifier NONE);"
                        + " pass null weights");
        Loss nonl = LossProbe.create("nonl", Map.of());
        assertThatThrownBy(() -> LossProbe.evaluate(nonl, inputs(nonl, 3).withBias(new double[K])))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("a bias was given but loss 'nonl' does not use one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normface", "ntce", "nonl", "cosface", "arcface"})
    void scaleInvariantLossesHaveScaleInvariantScores(String name) {
        Loss loss = LossProbe.create(name, Map.of());
        assertThat(loss.needs().scaleInvariant()).isTrue();
        ProbeInputs in = inputs(loss, name.hashCode());
        ProbeResult a = LossProbe.evaluate(loss, in);
        ProbeResult b = LossProbe.evaluate(loss, in.withFeatures(scale(in.features(), 3.7)).withWeights(scale(in.weights(), 0.4)));
        assertThat(b.value()).isCloseTo(a.value(), within(1e-9));
        for (int i = 0; i < M; i++) {
            assertThat(b.scores()[i]).containsExactly(a.scores()[i], within(1e-12));
        }
    }

    @Test
    void etfDrInInferenceModeUsesItsRunningStatistics() {
        Loss etf = LossProbe.create("etf-dr", Map.of());
        ProbeInputs in = inputs(etf, 4);
        ProbeResult train = LossProbe.evaluate(etf, in);
        ProbeResult infer = LossProbe.evaluate(etf, in, LossProbe.Precision.FLOAT64, Mode.INFER);
        // the running statistics start at mean 0 and variance 1, so inference's h is z/‖z‖; training's uses the batch's
        double expected = 0;
        for (int i = 0; i < M; i++) {
            double[] z = in.features()[i];
            double[] m = in.weights()[in.labels()[i]];
            double zz = 0;
            double zm = 0;
            double mm = 0;
            for (int j = 0; j < D; j++) {
                zz += z[j] * z[j];
                zm += z[j] * m[j];
                mm += m[j] * m[j];
            }
            double diff = zm / Math.sqrt(zz) - Math.sqrt(mm);
            expected += 0.5 * diff * diff / M;
        }
        assertThat(infer.value()).isCloseTo(expected, within(1e-9));
        assertThat(train.value()).isCloseTo(Reference.etfDr(in.features(), in.weights(), in.labels()), within(1e-9));
        assertThat(infer.value()).isNotCloseTo(train.value(), within(1e-6));
    }

    private static double[][] scale(double[][] x, double by) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= by;
            }
        }
        return out;
    }
}
