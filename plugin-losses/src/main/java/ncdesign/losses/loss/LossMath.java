package ncdesign.losses.loss;

import ncdesign.api.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Small numerical building blocks shared by the losses. */
final class LossMath {
    private LossMath() {
    }

    /** One-hot labels [M, K] in the input's type. */
    static <T extends TFloating> Operand<T> oneHot(Ops tf, LossInputs<T> in) {
        return tf.oneHot(in.labels(), tf.constant(in.numClasses()), in.scalar(tf, 1.0), in.scalar(tf, 0.0));
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
        Operand<T> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(norm, in.scalar(tf, 1e-12)));
    }
}
