package ncdesign.losses;

import ncdesign.api.loss.LossInputs;
import ncdesign.api.param.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Building blocks shared by the losses besides the public {@link ncdesign.api.loss.Hypersphere} helpers
 * (normalisation, cosines, stable and masked log-sum-exp), which they use for every sum of exponentials.
 */
final class LossMath {
    /** Temperature τ, shared by every normalised loss. */
    static final ParamSpec TAU = ParamSpec.ofDouble("tau", 0.1, "temperature τ (logits are cosines / τ)").greaterThan(0);

    private LossMath() {
    }

    /** One-hot labels [M, K] in the input's type. */
    static <T extends TFloating> Operand<T> oneHot(Ops tf, LossInputs<T> in, Operand<TInt32> labels) {
        return tf.oneHot(labels, tf.constant(in.numClasses()), in.scalar(tf, 1.0), in.scalar(tf, 0.0));
    }

    static <T extends TFloating> Operand<T> oneHot(Ops tf, LossInputs<T> in) {
        return oneHot(tf, in, in.labels());
    }

    /**
     * −(1/M) Σ_i logProbs[i, y_i], selecting with a one-hot mask because TensorFlow has no C++ gradient for
     * the sparse cross-entropy op.
     */
    static <T extends TFloating> Operand<T> meanNll(Ops tf, LossInputs<T> in, Operand<T> logProbs) {
        Operand<T> picked = tf.reduceSum(tf.math.mul(logProbs, oneHot(tf, in)), tf.constant(1));
        return tf.math.neg(tf.math.mean(picked, tf.constant(0)));
    }

    /** a · bᵀ. */
    static <T extends TFloating> Operand<T> matMulT(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.linalg.matMul(a, b, MatMul.transposeB(true));
    }

    /** Row sums, dropping the reduced axis. */
    static <T extends TFloating> Operand<T> rowSum1(Ops tf, Operand<T> x) {
        return tf.reduceSum(x, tf.constant(1));
    }

    /** Number of rows of {@code x} as an int32 scalar. */
    static Operand<TInt32> rows(Ops tf, Operand<?> x) {
        return tf.reshape(tf.shape.size(x, tf.constant(0)), tf.constant(new int[0]));
    }

    /** Whether each row of a boolean matrix has a true entry. */
    static Operand<TBool> anyPerRow(Ops tf, Operand<TBool> mask) {
        return tf.any(mask, tf.constant(1));
    }

    /** Mean of {@code values} over the rows where {@code valid}; 0 when none is valid (never NaN). */
    static <T extends TFloating> Operand<T> maskedMean(Ops tf, LossInputs<T> in, Operand<T> values, Operand<TBool> valid) {
        Operand<T> v = tf.select(valid, values, tf.zerosLike(values));
        Operand<T> count = tf.reduceSum(tf.dtypes.cast(valid, in.type()), tf.constant(0));
        return tf.math.div(tf.reduceSum(v, tf.constant(0)), tf.math.maximum(count, in.scalar(tf, 1.0)));
    }

    /** labels_i == labels_j as an [M, N] boolean matrix. */
    static Operand<TBool> sameLabel(Ops tf, Operand<TInt32> rows, Operand<TInt32> cols) {
        return tf.math.equal(tf.reshape(rows, tf.constant(new int[] {-1, 1})), tf.reshape(cols, tf.constant(new int[] {1, -1})));
    }
}
