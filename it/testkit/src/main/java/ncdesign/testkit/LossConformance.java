package ncdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.probe.LossProbe;
import ncdesign.api.probe.ProbeInputs;
import ncdesign.api.probe.ProbeResult;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for losses: extend it, return your provider, and every check runs against your loss.
 * <pre>
 * class MyLossConformanceTest extends LossConformance {
 *     &#64;Override protected LossProvider provider() { return new MyLossProvider(); }
 * }
 * </pre>
 * Override {@link #params()} to test other parameter values, {@link #loss()} to test a loss made another way, and
 * {@link #lowTemperatureLoss()} when the temperature parameter is not called {@code tau}.
 *
 * <p>What the runtime relies on, each a check that fails with what is wrong and how to fix it:
 * <ul>
 *   <li>the provider: kebab-case name, one-line description, parameter declarations (kebab-case, unique, defaults of
 *       their type and in their range), {@code create} with the defaults ({@link ProviderChecks});</li>
 *   <li>shapes, built as the runtime builds the loss (float32, batch of unknown size): the loss is a scalar, the
 *       scores are {@code [M, K]}, every diagnostic is a scalar, and the loss is differentiable with respect to the
 *       features;</li>
 *   <li>{@link Mode#INFER} (the evaluation branch and export) builds, with scores whenever training has them, and
 *       its scores do not depend on the labels (export builds the loss with all-zero labels);</li>
 *   <li>two builds on the same inputs give the same loss, scores and gradients (no unseeded randomness);</li>
 *   <li>finite value and gradients on random inputs, in float32 and float64; gradients equal to central finite
 *       differences in float64; invariance to the batch order; invariance to rescaling features and weights when the
 *       loss declares itself scale-invariant; finite values at a low temperature and for near-identical features;
 *       clear errors for out-of-range labels, wrong weight shapes and missing declared inputs ({@link LossProbe}).</li>
 * </ul>
 * Inputs are tiny ({@link #batch()} × {@link #dim()}, {@link #numClasses()} classes), so the kit takes seconds.
 */
public abstract class LossConformance extends PluginConformance<Loss, LossProvider> {

    /** For subclasses: one per loss under test. */
    protected LossConformance() {
    }

    /** The loss under test: by default the provider's, made with {@link #params()}. */
    protected Loss loss() {
        return create(params());
    }

    /**
     * The same loss at a low temperature (τ = 0.01): by default made with its declared temperature parameter
     * ({@link LossProvider#temperatureParameter()}) at 0.01, else {@link #loss()} when it declares none.
     */
    protected Loss lowTemperatureLoss() {
        java.util.Optional<String> tau = provider().temperatureParameter();
        if (tau.isEmpty()) {
            return loss();
        }
        Map<String, Object> cold = new HashMap<>(params());
        cold.put(tau.get(), 0.01);
        return create(cold);
    }

    /** K; keep it different from {@link #dim()} so that features returned as scores show. */
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
        LossNeeds needs = LossGraph.needs(who(), loss);
        double[][] f = RandomInputs.gaussian(seed, batch(), dim());
        int[] y = RandomInputs.labels(seed + 1, batch(), numClasses());
        double[][] w = needs.classifier().hasWeights() ? RandomInputs.gaussian(seed + 2, numClasses(), dim()) : null;
        double[] b = needs.classifier().hasBias() ? RandomInputs.gaussian(seed + 3, 1, numClasses())[0] : null;
        double[][] v = needs.views() == 2 ? RandomInputs.gaussian(seed + 4, batch(), dim()) : null;
        return new ProbeInputs(f, y, numClasses(), w, b, v);
    }

    /** Builds and runs {@code l} as the runtime does in {@code mode}; shapes checked. */
    private LossGraph.Outcome built(Loss l, Mode mode, boolean zeroLabels, long seed) {
        return LossGraph.run(who(), l, inputs(l, seed), mode, zeroLabels);
    }

    /** The shape checks first, so that a malformed loss fails every check with the message that says why. */
    private Loss wellFormed(Loss l) {
        built(l, Mode.TRAIN, false, 11);
        return l;
    }

    @Test
    void lossIsAScalarAndScoresAreBatchByClasses() {
        LossGraph.Outcome o = built(loss(), Mode.TRAIN, false, 12);
        Check.that(Float.isFinite(o.loss()), who() + ": the loss is " + o.loss() + " on random inputs in float32");
        Check.that(Feeds.finite(o.gradFeatures()), who() + ": the gradient with respect to the features is not finite on"
                + " random inputs in float32");
    }

    @Test
    void buildsInInferenceModeWithScoresThatIgnoreTheLabels() {
        Loss l = loss();
        LossGraph.Outcome train = built(l, Mode.TRAIN, false, 13);
        LossGraph.Outcome infer = built(l, Mode.INFER, false, 13);
        Check.that(Float.isFinite(infer.loss()), who() + ": the loss is " + infer.loss() + " in Mode.INFER");
        Check.that(train.scores() == null || infer.scores() != null, who() + " returns class scores in Mode.TRAIN but none in"
                + " Mode.INFER; evaluation and export predict with the arg-max of the INFER scores: return them in both modes");
        if (infer.scores() == null) {
            return;
        }
        LossGraph.Outcome zero = built(l, Mode.INFER, true, 13);
        double diff = Feeds.maxDifference(infer.scores(), zero.scores());
        Check.that(diff <= 1e-6, who() + ": its class scores in Mode.INFER change with the labels (by up to " + diff + " when"
                + " all labels are 0); export builds the loss with all-zero labels and evaluation predicts with the arg-max of"
                + " these scores, so apply label-dependent terms (margins, target shifts) to the loss value only");
    }

    @Test
    void sameInputsGiveTheSameResult() {
        Loss l = loss();
        LossGraph.Outcome a = built(l, Mode.TRAIN, false, 14);
        LossGraph.Outcome b = built(l, Mode.TRAIN, false, 14);
        boolean same = a.loss() == b.loss() && Feeds.maxDifference(a.gradFeatures(), b.gradFeatures()) == 0
                && (a.scores() == null || Feeds.maxDifference(a.scores(), b.scores()) == 0);
        Check.that(same, who() + ": two builds on the same inputs gave different results (loss " + a.loss() + " vs " + b.loss()
                + "); runs must repeat under a seed: draw randomness only from stateless ops with a fixed seed"
                + " (tf.random.statelessRandomUniform), never from unseeded random ops or Java's clock");
    }

    private void assertFinite(ProbeResult r, String what) {
        what = who() + ", " + what;
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
        Loss l = wellFormed(loss());
        String fix = " on random inputs (a log of 0, a division by a norm of 0 or an overflowing exp: clamp norms with"
                + " a small epsilon and use a stable log-sum-exp)";
        assertFinite(LossProbe.evaluate(l, inputs(l, 1), LossProbe.Precision.FLOAT32), "float32" + fix);
        assertFinite(LossProbe.evaluate(l, inputs(l, 1)), "float64" + fix);
    }

    @Test
    void gradientsEqualFiniteDifferencesInFloat64() {
        Loss l = wellFormed(loss());
        ProbeInputs in = inputs(l, 2);
        ProbeResult r = LossProbe.evaluate(l, in);
        Random rnd = new Random(3);
        double h = 1e-6;
        for (int t = 0; t < 4; t++) {
            int i = rnd.nextInt(batch());
            int j = rnd.nextInt(dim());
            double fd = difference(l, in, in.features(), i, j, h);
            assertThat(r.gradFeatures()[i][j]).as("%s: d loss / d features[%d][%d] differs from the float64 finite difference;"
                    + " part of the loss is hidden from its gradient (tf.stopGradient, a non-differentiable op)", who(), i, j)
                    .isCloseTo(fd, within(1e-4 * Math.max(1e-2, Math.abs(fd))));
            if (in.weights() != null && l.needs().classifier() != ncdesign.api.loss.ClassifierKind.FIXED_ETF) {
                int c = rnd.nextInt(numClasses());
                double fw = difference(l, in, in.weights(), c, j, h);
                assertThat(r.gradWeights()[c][j]).as("%s: d loss / d weights[%d][%d] differs from the float64 finite difference;"
                    + " part of the loss is hidden from its gradient (tf.stopGradient, a non-differentiable op)", who(), c, j)
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
        Loss l = wellFormed(loss());
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
        String order = who() + ": the loss changes when the batch is reordered; the runtime shuffles every epoch and splits"
                + " batches across workers, so make every term a function of the samples, not of their positions";
        assertThat(b.value()).as(order).isCloseTo(a.value(), within(1e-9 * Math.max(1, Math.abs(a.value()))));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < dim(); j++) {
                assertThat(b.gradFeatures()[i][j]).as(order).isCloseTo(a.gradFeatures()[perm[i]][j], within(1e-9));
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
        Loss l = wellFormed(loss());
        if (!l.needs().scaleInvariant()) {
            return; // the loss declares it depends on scale (e.g. cross-entropy on raw logits)
        }
        ProbeInputs in = inputs(l, 6);
        ProbeInputs scaled = new ProbeInputs(scale(in.features(), 3.7), in.labels(), in.numClasses(),
                in.weights() == null ? null : scale(in.weights(), 0.4), in.bias(),
                in.secondView() == null ? null : scale(in.secondView(), 11));
        double a = LossProbe.evaluate(l, in).value();
        assertThat(LossProbe.evaluate(l, scaled).value()).as("%s declares scaleInvariant = true but its value changes when"
                + " features and weights are rescaled: L2-normalise them in the loss, or declare it false (export then"
                + " stops dividing its scores by tau)", who()).isCloseTo(a, within(1e-9 * Math.max(1, Math.abs(a))));
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
        Loss cold = wellFormed(lowTemperatureLoss());
        assertFinite(LossProbe.evaluate(cold, inputs(cold, 7), LossProbe.Precision.FLOAT32), "at a low temperature (tau = 0.01),"
                + " in float32: exp(cos/tau) overflows; compute log-sum-exps stably (subtract the row maximum)");
        Loss l = loss();
        ProbeInputs in = inputs(l, 8);
        double[][] same = new double[batch()][];
        Random r = new Random(9);
        for (int i = 0; i < batch(); i++) {
            same[i] = Arrays.stream(in.features()[0]).map(v -> v + 1e-6 * r.nextGaussian()).toArray();
        }
        ProbeInputs near = new ProbeInputs(same, in.labels(), in.numClasses(), in.weights(), in.bias(),
                in.secondView() == null ? null : same);
        String fix = " (differences of nearly equal numbers, norms near 0: add epsilons where you divide)";
        assertFinite(LossProbe.evaluate(l, near, LossProbe.Precision.FLOAT32), "near-identical features" + fix);
        assertFinite(LossProbe.evaluate(cold, near, LossProbe.Precision.FLOAT32), "near-identical features at low temperature" + fix);
    }

    @Test
    void badInputsAreClearErrors() {
        Loss l = wellFormed(loss());
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
