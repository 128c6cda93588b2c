package ncdesign.losses;

import java.util.List;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.FeatureSource;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Contrastive losses on two augmented views, with implicit prototypes (no classifier). A = [U; V] are the 2M
 * L2-normalised projection-head features and the labels are repeated for the second view.
 * <ul>
 *   <li>{@code scl} (paper Eq. 2): s_ij = a_iᵀa_j/τ; loss_i = −(1/|P(i)|) Σ_{p∈P(i)} [s_ip − log Σ_{k≠i} e^{s_ik}], P(i) the
 *       other indices with the anchor's label (its other view included); mean over the 2M anchors; optionally
 *       scaled by τ/τ_base.</li>
 *   <li>{@code prototype} (paper Eq. 6): batch class means μ_c = (1/n_c) Σ_{y_j=c} a_j with counts n_c over the 2M
 *       views; loss = −(1/2M) Σ_i log(e^{a_iᵀμ_{y_i}/τ} / (Σ_c n_c e^{a_iᵀμ_c/τ} − e^{a_iᵀμ_{y_i}/τ})), the denominator
 *       evaluated in log space as a log-sum-exp with weights n_c − [c = y_i]; optionally with normalised means.</li>
 * </ul>
 */
record Contrastive(boolean prototype, double tau, double scale, boolean normalizeMeans) implements Loss {
    @Override
    public LossNeeds needs() {
        return new LossNeeds(ClassifierKind.NONE, 2, FeatureSource.PROJECTION, true);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        String name = prototype ? "prototype" : "scl";
        Operand<T> a = Hypersphere.normalize(tf, tf.concat(List.of(in.features(), in.requireSecondView(name)), tf.constant(0)));
        Operand<TInt32> y = tf.concat(List.of(in.labels(), in.labels()), tf.constant(0));
        Operand<T> allA = in.gather().gather(tf, a);
        Operand<TInt32> allY = in.gather().gather(tf, y);
        Operand<T> loss = prototype ? prototypeLoss(tf, in, a, y, allA, allY) : sclLoss(tf, in, a, y, allA, allY);
        return LossOutput.of(tf.math.mul(loss, in.scalar(tf, scale)), null);
    }

    private <T extends TFloating> Operand<T> sclLoss(Ops tf, LossInputs<T> in, Operand<T> a, Operand<TInt32> y,
                                                     Operand<T> allA, Operand<TInt32> allY) {
        Operand<T> s = tf.math.mul(LossMath.matMulT(tf, a, allA), in.scalar(tf, 1.0 / tau));
        // On one worker the anchors are the first rows of the gathered batch; i ≠ k excludes the anchor itself.
        Operand<TInt32> rows = tf.range(tf.constant(0), LossMath.rows(tf, y), tf.constant(1));
        Operand<TInt32> cols = tf.range(tf.constant(0), LossMath.rows(tf, allY), tf.constant(1));
        Operand<TBool> self = LossMath.sameLabel(tf, rows, cols);
        Operand<TBool> others = tf.math.logicalNot(self);
        Operand<TBool> positives = tf.math.logicalAnd(LossMath.sameLabel(tf, y, allY), others);
        Operand<T> lse = Hypersphere.maskedLogSumExp(tf, s, others);
        Operand<T> pos = tf.dtypes.cast(positives, in.type());
        Operand<T> count = LossMath.rowSum1(tf, pos);
        Operand<T> meanPos = tf.math.div(LossMath.rowSum1(tf, tf.math.mul(s, pos)), tf.math.maximum(count, in.scalar(tf, 1)));
        return LossMath.maskedMean(tf, in, tf.math.sub(lse, meanPos), LossMath.anyPerRow(tf, positives));
    }

    private <T extends TFloating> Operand<T> prototypeLoss(Ops tf, LossInputs<T> in, Operand<T> a, Operand<TInt32> y,
                                                           Operand<T> allA, Operand<TInt32> allY) {
        Operand<T> allOneHot = LossMath.oneHot(tf, in, allY);                                 // [2M', K]
        Operand<T> counts = tf.reduceSum(allOneHot, tf.constant(0), ReduceSum.keepDims(true)); // [1, K]
        Operand<T> sums = tf.linalg.matMul(allOneHot, allA, org.tensorflow.op.linalg.MatMul.transposeA(true)); // [K, d]
        Operand<T> means = tf.math.div(sums, tf.math.maximum(tf.reshape(counts, tf.constant(new int[] {-1, 1})), in.scalar(tf, 1)));
        if (normalizeMeans) {
            means = Hypersphere.normalize(tf, means);
        }
        Operand<T> x = tf.math.mul(LossMath.matMulT(tf, a, means), in.scalar(tf, 1.0 / tau)); // [2M, K]
        Operand<T> onehot = LossMath.oneHot(tf, in, y);
        Operand<T> positive = LossMath.rowSum1(tf, tf.math.mul(x, onehot));
        Operand<T> weights = tf.math.sub(counts, onehot);                                      // n_c − [c = y_i]
        Operand<TBool> present = tf.math.greater(weights, in.scalar(tf, 0.5));
        Operand<T> logW = tf.math.log(tf.math.maximum(weights, in.scalar(tf, 1)));
        Operand<T> lse = Hypersphere.maskedLogSumExp(tf, tf.math.add(x, logW), present);
        return LossMath.maskedMean(tf, in, tf.math.sub(lse, positive), LossMath.anyPerRow(tf, present));
    }
}
