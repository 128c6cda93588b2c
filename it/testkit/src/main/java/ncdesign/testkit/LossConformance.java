package ncdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import ncdesign.api.PluginException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.probe.LossProbe;
import ncdesign.api.probe.ProbeInputs;
import ncdesign.api.probe.ProbeResult;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for losses: extend it in one line and every check runs against your loss.
 * <pre>
 * class MyLossConformanceTest extends LossConformance {
 *     protected Loss loss() { return new MyLoss(0.1); }
 * }
 * </pre>
 * Checks: finite value and gradients on random inputs; gradients equal to central finite differences of a float64
 * evaluation; invariance to the batch order; invariance to rescaling features and weights when the loss declares
 * itself scale-invariant; finite values at a low temperature ({@link #lowTemperatureLoss()}) and for
 * near-identical features; clear errors for wrong shapes, out-of-range labels and missing declared inputs.
 */
public abstract class LossConformance {

    /** For subclasses: one per loss under test. */
    protected LossConformance() {
    }

    /** The loss under test. */
    protected abstract Loss loss();

    /** The same loss at a low temperature (τ = 0.01) when it has one; by default {@link #loss()}. */
    protected Loss lowTemperatureLoss() {
        return loss();
    }

    protected int numClasses() {
        return 5;
    }

    protected int dim() {
        return 8;
    }

    protected int batch() {
        return 24;
    }

    /** Random inputs with everything the loss declares it needs. */
    protected ProbeInputs inputs(Loss loss, long seed) {
        LossNeeds needs = loss.needs();
        double[][] f = RandomInputs.gaussian(seed, batch(), dim());
        int[] y = RandomInputs.labels(seed + 1, batch(), numClasses());
        double[][] w = needs.classifier().hasWeights() ? RandomInputs.gaussian(seed + 2, numClasses(), dim()) : null;
        double[] b = needs.classifier().hasBias() ? RandomInputs.gaussian(seed + 3, 1, numClasses())[0] : null;
        double[][] v = needs.views() == 2 ? RandomInputs.gaussian(seed + 4, batch(), dim()) : null;
        return new ProbeInputs(f, y, numClasses(), w, b, v);
    }

    private static void assertFinite(ProbeResult r, String what) {
        assertThat(r.value()).as(what + ": value").isFinite();
        for (double[][] g : new double[][][] {r.gradFeatures(), r.gradWeights(), r.gradSecondView()}) {
            if (g != null) {
                for (double[] row : g) {
                    for (double x : row) {
                        assertThat(x).as(what + ": gradient").isFinite();
                    }
                }
            }
        }
        if (r.gradBias() != null) {
            for (double x : r.gradBias()) {
                assertThat(x).as(what + ": bias gradient").isFinite();
            }
        }
    }

    @Test
    void valueAndGradientsAreFinite() {
        Loss l = loss();
        assertFinite(LossProbe.evaluate(l, inputs(l, 1), LossProbe.Precision.FLOAT32), "float32");
        assertFinite(LossProbe.evaluate(l, inputs(l, 1)), "float64");
    }

    @Test
    void gradientsEqualFiniteDifferencesInFloat64() {
        Loss l = loss();
        ProbeInputs in = inputs(l, 2);
        ProbeResult r = LossProbe.evaluate(l, in);
        Random rnd = new Random(3);
        double h = 1e-6;
        for (int t = 0; t < 4; t++) {
            int i = rnd.nextInt(batch());
            int j = rnd.nextInt(dim());
            double fd = difference(l, in, in.features(), i, j, h);
            assertThat(r.gradFeatures()[i][j]).as("d loss / d features[%d][%d]", i, j)
                    .isCloseTo(fd, within(1e-4 * Math.max(1e-2, Math.abs(fd))));
            if (in.weights() != null && l.needs().classifier() != ncdesign.api.loss.ClassifierKind.FIXED_ETF) {
                int c = rnd.nextInt(numClasses());
                double fw = difference(l, in, in.weights(), c, j, h);
                assertThat(r.gradWeights()[c][j]).as("d loss / d weights[%d][%d]", c, j)
                        .isCloseTo(fw, within(1e-4 * Math.max(1e-2, Math.abs(fw))));
            }
        }
    }

    private static double difference(Loss l, ProbeInputs in, double[][] x, int i, int j, double h) {
        double keep = x[i][j];
        x[i][j] = keep + h;
        double up = LossProbe.evaluate(l, in).value();
        x[i][j] = keep - h;
        double down = LossProbe.evaluate(l, in).value();
        x[i][j] = keep;
        return (up - down) / (2 * h);
    }

    @Test
    void invariantToTheOrderOfTheBatch() {
        Loss l = loss();
        ProbeInputs in = inputs(l, 4);
        int m = batch();
        int[] perm = shuffled(m, 5);
        double[][] f = new double[m][];
        double[][] v = in.secondView() == null ? null : new double[m][];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            f[i] = in.features()[perm[i]];
            y[i] = in.labels()[perm[i]];
            if (v != null) {
                v[i] = in.secondView()[perm[i]];
            }
        }
        ProbeResult a = LossProbe.evaluate(l, in);
        ProbeResult b = LossProbe.evaluate(l, new ProbeInputs(f, y, in.numClasses(), in.weights(), in.bias(), v));
        assertThat(b.value()).isCloseTo(a.value(), within(1e-9 * Math.max(1, Math.abs(a.value()))));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < dim(); j++) {
                assertThat(b.gradFeatures()[i][j]).isCloseTo(a.gradFeatures()[perm[i]][j], within(1e-9));
            }
        }
    }

    /** A seeded permutation of 0..n-1 (Collections.shuffle: Fisher–Yates with {@code new Random(seed)}). */
    private static int[] shuffled(int n, long seed) {
        List<Integer> p = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(p, new Random(seed));
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void invariantToRescalingWhenNormalised() {
        Loss l = loss();
        if (!l.needs().scaleInvariant()) {
            return; // the loss declares it depends on scale (e.g. cross-entropy on raw logits)
        }
        ProbeInputs in = inputs(l, 6);
        ProbeInputs scaled = new ProbeInputs(scale(in.features(), 3.7), in.labels(), in.numClasses(),
                in.weights() == null ? null : scale(in.weights(), 0.4), in.bias(),
                in.secondView() == null ? null : scale(in.secondView(), 11));
        double a = LossProbe.evaluate(l, in).value();
        assertThat(LossProbe.evaluate(l, scaled).value()).isCloseTo(a, within(1e-9 * Math.max(1, Math.abs(a))));
    }

    private static double[][] scale(double[][] x, double s) {
        double[][] o = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            o[i] = Arrays.stream(x[i]).map(v -> v * s).toArray();
        }
        return o;
    }

    @Test
    void finiteAtLowTemperatureAndForNearIdenticalFeatures() {
        Loss cold = lowTemperatureLoss();
        assertFinite(LossProbe.evaluate(cold, inputs(cold, 7), LossProbe.Precision.FLOAT32), "low temperature");
        Loss l = loss();
        ProbeInputs in = inputs(l, 8);
        double[][] same = new double[batch()][];
        Random r = new Random(9);
        for (int i = 0; i < batch(); i++) {
            same[i] = Arrays.stream(in.features()[0]).map(v -> v + 1e-6 * r.nextGaussian()).toArray();
        }
        ProbeInputs near = new ProbeInputs(same, in.labels(), in.numClasses(), in.weights(), in.bias(),
                in.secondView() == null ? null : same);
        assertFinite(LossProbe.evaluate(l, near, LossProbe.Precision.FLOAT32), "near-identical features");
        assertFinite(LossProbe.evaluate(cold, near, LossProbe.Precision.FLOAT32), "near-identical features at low temperature");
    }

    @Test
    void badInputsAreClearErrors() {
        Loss l = loss();
        ProbeInputs in = inputs(l, 10);
        int[] bad = in.labels().clone();
        bad[0] = numClasses();
        assertThatThrownBy(() -> LossProbe.evaluate(l, in.withLabels(bad)))
                .isInstanceOf(PluginException.class).hasMessageContaining("label " + numClasses());
        if (in.weights() != null) {
            assertThatThrownBy(() -> LossProbe.evaluate(l, in.withWeights(RandomInputs.gaussian(1, numClasses(), dim() + 1))))
                    .isInstanceOf(PluginException.class).hasMessageContaining("x" + dim());
            assertThatThrownBy(() -> LossProbe.evaluate(l, in.withWeights(null)))
                    .isInstanceOf(PluginException.class).hasMessageContaining("weights");
        }
        if (in.secondView() != null) {
            assertThatThrownBy(() -> LossProbe.evaluate(l, in.withSecondView(null)))
                    .isInstanceOf(PluginException.class).hasMessageContaining("second");
        }
    }
}
