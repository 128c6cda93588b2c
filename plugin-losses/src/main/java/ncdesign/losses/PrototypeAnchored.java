package ncdesign.losses;

import java.util.Map;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The paper's prototype-anchored contrasts: each sample's class prototype ŵ_{y_i} is the anchor and batch samples
 * are the negatives, L_ij = ŵ_{y_i}ᵀu_j/τ.
 * <ul>
 *   <li>{@code ntce}: loss = −(1/M) Σ_i [L_ii − log Σ_{j=1..M} e^{L_ij}] — every batch sample in the denominator;</li>
 *   <li>{@code nonl} (paper Eq. 5): the denominator keeps only samples of other classes, j with y_j ≠ y_i. A sample
 *       with no such negative is left out of the mean and counted in the diagnostic
 *       {@code samples-without-negatives}; a batch where no sample has one gives loss 0. With
 *       {@code negatives=classes} the denominator is Σ_{c≠y_i} e^{u_iᵀŵ_c/τ} instead (the official code's default).</li>
 * </ul>
 * Negatives are taken from {@link LossInputs#gather()}, so data-parallel runs can use the global batch.
 * Scores are the cosines u·ŵ.
 */
record PrototypeAnchored(String name, double tau, boolean excludeSameClass, boolean classNegatives) implements Loss {
    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        Operand<T> u = Hypersphere.normalize(tf, in.features());
        Operand<T> w = Hypersphere.normalize(tf, in.requireWeights(name));
        Operand<T> cos = LossMath.matMulT(tf, u, w);
        Operand<T> invTau = in.scalar(tf, 1.0 / tau);
        Operand<T> onehot = LossMath.oneHot(tf, in);
        Operand<T> positive = tf.math.mul(LossMath.rowSum1(tf, tf.math.mul(cos, onehot)), invTau); // ŵ_{y_i}ᵀu_i/τ
        Operand<TBool> negatives;
        Operand<T> logits;
        if (classNegatives) {
            logits = tf.math.mul(cos, invTau);
            negatives = tf.math.logicalNot(tf.dtypes.cast(onehot, TBool.class));
        } else {
            Operand<T> anchors = tf.linalg.matMul(onehot, w); // ŵ_{y_i}, M×d
            Operand<T> all = in.gather().gather(tf, u);
            Operand<TInt32> allLabels = in.gather().gather(tf, in.labels());
            logits = tf.math.mul(LossMath.matMulT(tf, anchors, all), invTau);
            negatives = excludeSameClass
                    ? tf.math.logicalNot(LossMath.sameLabel(tf, in.labels(), allLabels))
                    : tf.math.equal(tf.zerosLike(logits), tf.zerosLike(logits));
        }
        Operand<T> lse = Hypersphere.maskedLogSumExp(tf, logits, negatives);
        Operand<TBool> valid = LossMath.anyPerRow(tf, negatives);
        Operand<T> loss = LossMath.maskedMean(tf, in, tf.math.sub(lse, positive), valid);
        Operand<T> without = tf.reduceSum(tf.dtypes.cast(tf.math.logicalNot(valid), in.type()), tf.constant(0));
        return new LossOutput<>(loss, cos, Map.of("samples-without-negatives", without));
    }
}
