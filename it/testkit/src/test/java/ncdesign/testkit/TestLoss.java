package ncdesign.testkit;

import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.ParamType;
import ncdesign.api.param.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.family.TFloating;

/**
 * A cosine-softmax loss (NormFace: u = x/|x|, ŵ = w/|w|, logits cos/τ) that passes the loss kit, and, with a
 * {@link Flaw}, the same loss broken in exactly one way that one check of the kit must catch.
 */
final class TestLoss implements LossProvider {
    /** One way to be broken; null: not broken. */
    enum Flaw {
        NAME_NOT_KEBAB, DESCRIPTION_BLANK, DESCRIPTION_MULTILINE, DEFAULT_OUT_OF_RANGE, DEFAULT_WRONG_TYPE, PARAM_TWICE,
        PARAM_NOT_KEBAB, CREATE_THROWS, CREATE_NULL, NEEDS_NULL,
        SCORES_ARE_FEATURES, LOSS_PER_SAMPLE, DIAGNOSTIC_PER_SAMPLE, THROWS_IN_INFER, NO_SCORES_IN_INFER, SCORES_USE_LABELS,
        UNSEEDED_NOISE, IGNORES_FEATURES, LOG_OF_ZERO, STOP_GRADIENT, FIRST_SAMPLE_WEIGHTED, CLAIMS_SCALE_INVARIANCE, NAIVE_SOFTMAX
    }

    private final Flaw flaw;

    TestLoss(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return flaw == Flaw.NAME_NOT_KEBAB ? "CosLoss" : "cos-loss";
    }

    @Override
    public String description() {
        return switch (flaw == null ? Flaw.NAME_NOT_KEBAB : flaw) {
            case DESCRIPTION_BLANK -> " ";
            case DESCRIPTION_MULTILINE -> "cosine softmax\nwith a temperature";
            default -> "cosine softmax with a temperature (testkit's own test)";
        };
    }

    @Override
    public List<ParamSpec> parameters() {
        ParamSpec tau = ParamSpec.ofDouble("tau", 0.1, "temperature").greaterThan(0);
        if (flaw == null) {
            return List.of(tau);
        }
        return switch (flaw) {
            case DEFAULT_OUT_OF_RANGE -> List.of(ParamSpec.ofDouble("tau", -1, "temperature").greaterThan(0));
            case DEFAULT_WRONG_TYPE -> List.of(new ParamSpec("tau", ParamType.DOUBLE, "0.1", "temperature", 0.0, true, null, List.of()));
            case PARAM_TWICE -> List.of(tau, ParamSpec.ofDouble("tau", 0.2, "again"));
            case PARAM_NOT_KEBAB -> List.of(ParamSpec.ofDouble("Tau", 0.1, "temperature"));
            default -> List.of(tau);
        };
    }

    @Override
    public Loss create(Params params) {
        if (flaw == Flaw.CREATE_THROWS) {
            throw new IllegalStateException("not configured");
        }
        if (flaw == Flaw.CREATE_NULL) {
            return null;
        }
        double tau = params.asMap().get("tau") instanceof Double d ? d : 0.1;
        return new Loss() {
            @Override
            public LossNeeds needs() {
                return flaw == Flaw.NEEDS_NULL ? null : LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
            }

            @Override
            public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
                return TestLoss.this.build(tf, in, tau);
            }
        };
    }

    private static <T extends TFloating> Operand<T> l2(Ops tf, LossInputs<T> in, Operand<T> x) {
        Operand<T> sq = tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true));
        return tf.math.div(x, tf.math.sqrt(tf.math.maximum(sq, in.scalar(tf, 1e-12))));
    }

    private <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in, double tau) {
        if (flaw == Flaw.THROWS_IN_INFER && in.mode() == Mode.INFER) {
            throw new IllegalStateException("built for training only");
        }
        boolean normalise = flaw != Flaw.CLAIMS_SCALE_INVARIANCE;
        Operand<T> u = normalise ? l2(tf, in, in.features()) : in.features();
        Operand<T> w = normalise ? l2(tf, in, in.requireWeights(name())) : in.requireWeights(name());
        Operand<T> cos = tf.linalg.matMul(u, w, MatMul.transposeB(true));
        Operand<T> logits = tf.math.div(cos, in.scalar(tf, tau));
        Operand<T> onehot = tf.oneHot(in.labels(), tf.constant(in.numClasses()), in.scalar(tf, 1), in.scalar(tf, 0));
        Operand<T> logp = flaw == Flaw.NAIVE_SOFTMAX
                ? tf.math.log(tf.math.div(tf.math.exp(logits), tf.reduceSum(tf.math.exp(logits), tf.constant(1), ReduceSum.keepDims(true))))
                : tf.nn.logSoftmax(logits);
        Operand<T> perSample = tf.math.neg(tf.reduceSum(tf.math.mul(onehot, logp), tf.constant(1)));
        Operand<T> loss = tf.math.mean(perSample, tf.constant(0));
        Operand<T> scores = cos;
        Map<String, Operand<? extends org.tensorflow.types.family.TNumber>> diagnostics = Map.of();
        switch (flaw == null ? Flaw.NAME_NOT_KEBAB : flaw) {
            case SCORES_ARE_FEATURES -> scores = u;
            case LOSS_PER_SAMPLE -> loss = perSample;
            case DIAGNOSTIC_PER_SAMPLE -> diagnostics = Map.of("per-sample", perSample);
            case NO_SCORES_IN_INFER -> scores = in.mode() == Mode.INFER ? null : cos;
            case SCORES_USE_LABELS -> scores = tf.math.add(cos, tf.math.mul(onehot, in.scalar(tf, 0.5)));
            case UNSEEDED_NOISE -> loss = tf.math.add(loss, tf.dtypes.cast(
                    tf.random.randomUniform(tf.constant(new int[0]), org.tensorflow.types.TFloat32.class), in.type()));
            case IGNORES_FEATURES -> loss = tf.reduceSum(tf.math.square(w), tf.constant(new int[] {0, 1}));
            case LOG_OF_ZERO -> loss = tf.math.add(loss, tf.math.log(in.scalar(tf, 0)));
            case STOP_GRADIENT -> loss = tf.math.add(loss, tf.stopGradient(loss));
            case FIRST_SAMPLE_WEIGHTED -> loss = tf.math.add(loss, tf.gather(perSample, tf.constant(0), tf.constant(0)));
            default -> {
            }
        }
        return new LossOutput<>(loss, scores, diagnostics);
    }
}
