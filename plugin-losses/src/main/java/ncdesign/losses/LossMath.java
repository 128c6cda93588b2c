package ncdesign.losses;

import ncdesign.api.loss.LossInputs;
import ncdesign.api.param.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** Numerical building blocks shared by the losses; every sum of exponentials is a stable log-sum-exp. */
final class LossMath {
    /** Temperature τ, shared by every normalised loss. */
    static final ParamSpec TAU = ParamSpec.ofDouble("tau", 0.1, "temperature τ (logits are cosines / τ)").greaterThan(0);
    /** Stand-in for −∞ that stays finite in float32 and float64 (exp of it is exactly 0). */
    static final double NEG = -1e30;

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

    /** Rows divided by max(‖row‖, 1e-12). */
    static <T extends TFloating> Operand<T> normalizeRows(Ops tf, LossInputs<T> in, Operand<T> x) {
        Operand<T> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(norm, in.scalar(tf, 1e-12)));
    }

    /** a · bᵀ. */
    static <T extends TFloating> Operand<T> matMulT(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.linalg.matMul(a, b, MatMul.transposeB(true));
    }

    /** Row sums, keeping the reduced axis. */
    static <T extends TFloating> Operand<T> rowSum(Ops tf, Operand<T> x) {
        return tf.reduceSum(x, tf.constant(1), ReduceSum.keepDims(true));
    }

    /** Row sums, dropping the reduced axis. */
    static <T extends TFloating> Operand<T> rowSum1(Ops tf, Operand<T> x) {
        return tf.reduceSum(x, tf.constant(1));
    }

    /**
     * Row-wise log Σ_{j: mask_ij} e^{x_ij}, computed stably (the row maximum is subtracted, masked entries
     * contribute exactly 0 and no gradient). Rows without any selected entry return a large negative finite
     * number; callers exclude those rows (see {@link #anyPerRow}).
     */
    static <T extends TFloating> Operand<T> maskedLogSumExp(Ops tf, LossInputs<T> in, Operand<T> x, Operand<TBool> mask) {
        Operand<T> neg = tf.fill(tf.shape(x), in.scalar(tf, NEG));
        Operand<T> masked = tf.select(mask, x, neg);
        Operand<T> max = tf.stopGradient(tf.max(masked, tf.constant(1), Max.keepDims(true)));
        Operand<TBool> any = tf.reshape(anyPerRow(tf, mask), tf.constant(new int[] {-1, 1}));
        Operand<T> safeMax = tf.select(any, max, tf.zerosLike(max));
        Operand<T> shifted = tf.select(mask, tf.math.sub(x, safeMax), neg);
        Operand<T> sum = rowSum(tf, tf.math.exp(shifted));
        Operand<T> lse = tf.math.add(safeMax, tf.math.log(tf.math.maximum(sum, in.scalar(tf, 1e-30))));
        return tf.reshape(lse, tf.constant(new int[] {-1}));
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
