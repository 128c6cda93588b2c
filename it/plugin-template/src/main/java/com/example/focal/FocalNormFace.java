package com.example.focal;

import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.family.TFloating;

/**
 * Focal NormFace: −(1/M) Σ_i (1 − p_i)^γ log p_i, with p_i = softmax_c(cos(u_i, w_c)/τ)[y_i], u = z/‖z‖ and
 * ŵ = w/‖w‖, no bias. γ = 0 is NormFace; γ &gt; 0 down-weights the samples already classified with confidence.
 * The class scores are the cosines (they do not depend on the labels, and rescaling features or weights changes
 * nothing: the loss declares itself scale-invariant).
 */
public final class FocalNormFace implements Loss {
    private static final String NAME = "focal-normface";
    private final double tau;
    private final double gamma;

    /**
     * @param tau   temperature τ &gt; 0
     * @param gamma focusing exponent γ ≥ 0
     */
    public FocalNormFace(double tau, double gamma) {
        this.tau = tau;
        this.gamma = gamma;
    }

    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        Operand<T> u = normalizeRows(tf, in, in.features());
        Operand<T> w = normalizeRows(tf, in, in.requireWeights(NAME));
        Operand<T> cos = tf.linalg.matMul(u, w, MatMul.transposeB(true)); // [M, K]
        Operand<T> logProbs = tf.nn.logSoftmax(tf.math.div(cos, in.scalar(tf, tau)));
        // log p_i of the true class, picked with a one-hot mask (the sparse cross-entropy op has no gradient in TF Java)
        Operand<T> oneHot = tf.oneHot(in.labels(), tf.constant(in.numClasses()), in.scalar(tf, 1), in.scalar(tf, 0));
        Operand<T> logP = tf.reduceSum(tf.math.mul(logProbs, oneHot), tf.constant(1));
        // (1 − p)^γ, kept away from 0^γ so that its gradient stays finite when p rounds to 1
        Operand<T> oneMinusP = tf.math.maximum(tf.math.sub(in.scalar(tf, 1), tf.math.exp(logP)), in.scalar(tf, 1e-12));
        Operand<T> focal = tf.math.pow(oneMinusP, in.scalar(tf, gamma));
        Operand<T> loss = tf.math.neg(tf.math.mean(tf.math.mul(focal, logP), tf.constant(0)));
        return LossOutput.of(loss, cos);
    }

    /** Rows divided by max(‖row‖, 1e-12). */
    private static <T extends TFloating> Operand<T> normalizeRows(Ops tf, LossInputs<T> in, Operand<T> x) {
        Operand<T> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(norm, in.scalar(tf, 1e-12)));
    }
}
