package ncdesign.losses;

import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Margin softmax losses from face recognition, the relatives NormFace leads to, with scale s = 1/τ on cosines
 * cos θ_c = u·ŵ_c (no bias):
 * <ul>
 *   <li>{@code cosface}: the target logit is s(cos θ_y − m);</li>
 *   <li>{@code arcface}: the target logit is s·cos(θ_y + m), replaced by s(cos θ_y − m·sin m) where θ_y + m would
 *       pass π (cos θ_y ≤ cos(π − m)), as the reference implementation does to keep the logit monotonic.</li>
 * </ul>
 * Scores are the cosines (margins only shape training).
 */
final class Margins implements Loss {
    private final boolean angular;
    private final double tau;
    private final double margin;

    Margins(boolean angular, double tau, double margin) {
        this.angular = angular;
        this.tau = tau;
        this.margin = margin;
    }

    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        String name = angular ? "arcface" : "cosface";
        Operand<T> cos = Hypersphere.cosines(tf, in.features(), in.requireWeights(name));
        Operand<T> target;
        if (angular) {
            Operand<T> clipped = tf.math.minimum(tf.math.maximum(cos, in.scalar(tf, -1 + 1e-7)), in.scalar(tf, 1 - 1e-7));
            Operand<T> sin = tf.math.sqrt(tf.math.sub(in.scalar(tf, 1), tf.math.square(clipped)));
            Operand<T> shifted = tf.math.sub(tf.math.mul(cos, in.scalar(tf, Math.cos(margin))), tf.math.mul(sin, in.scalar(tf, Math.sin(margin))));
            Operand<TBool> ok = tf.math.greater(cos, in.scalar(tf, Math.cos(Math.PI - margin)));
            target = tf.select(ok, shifted, tf.math.sub(cos, in.scalar(tf, Math.sin(Math.PI - margin) * margin)));
        } else {
            target = tf.math.sub(cos, in.scalar(tf, margin));
        }
        Operand<T> onehot = LossMath.oneHot(tf, in);
        Operand<T> mixed = tf.math.add(tf.math.mul(onehot, target), tf.math.mul(tf.math.sub(in.scalar(tf, 1), onehot), cos));
        Operand<T> logits = tf.math.div(mixed, in.scalar(tf, tau));
        return LossOutput.of(LossMath.meanNll(tf, in, tf.nn.logSoftmax(logits)), cos);
    }
}
