package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Building blocks of losses on the unit hypersphere, row-wise over [M, N] matrices and generic in the floating type
 * (float32 in training, float64 in {@link ncdesign.api.probe.LossProbe}): L2 normalisation, cosine similarities and
 * cosine logits, and log-sum-exps that stay finite for any temperature. The built-in losses use exactly these.
 *
 * <p>Every sum of exponentials in a loss should go through {@link #logSumExp} or {@link #maskedLogSumExp}: they
 * subtract the row maximum (held constant in the gradient, which does not change its value), so logits of 1/τ = 100
 * neither overflow nor lose the small terms.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class Hypersphere {
    /** Smallest norm divided by, so a zero row normalises to zero instead of NaN. */
    public static final double MIN_NORM = 1e-12;
    /** Stand-in for −∞ that stays finite in float32 and float64 (its exponential is exactly 0). */
    private static final double NEG = -1e30;

    private Hypersphere() {
    }

    /** Each row of {@code x} divided by max(‖row‖₂, {@value #MIN_NORM}): u = z/‖z‖. */
    public static <T extends TFloating> Operand<T> normalize(Ops tf, Operand<T> x) {
        Operand<T> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(norm, scalar(tf, x, MIN_NORM)));
    }

    /** cos(a_i, b_j) as an [M, N] matrix: the normalised rows of {@code a} times those of {@code b}, transposed. */
    public static <T extends TFloating> Operand<T> cosines(Ops tf, Operand<T> a, Operand<T> b) {
        return tf.linalg.matMul(normalize(tf, a), normalize(tf, b), MatMul.transposeB(true));
    }

    /**
     * Cosine logits over a temperature, cos(z_i, w_c)/τ as an [M, K] matrix: features {@code [M, d]} against
     * prototypes or classifier rows {@code [K, d]}, both normalised here.
     *
     * @param tau the temperature, > 0
     * @throws IllegalArgumentException when τ is not a positive finite number
     */
    public static <T extends TFloating> Operand<T> cosineLogits(Ops tf, Operand<T> features, Operand<T> prototypes, double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + tau);
        }
        return tf.math.mul(cosines(tf, features, prototypes), scalar(tf, features, 1.0 / tau));
    }

    /** Row-wise log Σ_j e^{x_ij} as an [M] vector, computed stably (the row maximum is subtracted first). */
    public static <T extends TFloating> Operand<T> logSumExp(Ops tf, Operand<T> x) {
        Operand<T> max = tf.stopGradient(tf.max(x, tf.constant(1), Max.keepDims(true)));
        Operand<T> sum = tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), tf.constant(1), ReduceSum.keepDims(true));
        return tf.reshape(tf.math.add(max, tf.math.log(sum)), tf.constant(new int[] {-1}));
    }

    /**
     * Row-wise log Σ_{j: mask_ij} e^{x_ij} as an [M] vector, computed stably: the maximum of the selected entries is
     * subtracted, and masked-out entries contribute exactly 0 to the value and nothing to the gradient, however large
     * they are (they are never exponentiated). A row without any selected entry returns a large negative finite
     * number (about −69); leave such rows out of the mean, e.g. with {@code tf.any(mask, tf.constant(1))}.
     *
     * @param mask [M, N] booleans of the shape of {@code x}
     */
    public static <T extends TFloating> Operand<T> maskedLogSumExp(Ops tf, Operand<T> x, Operand<TBool> mask) {
        Operand<T> neg = tf.fill(tf.shape(x), scalar(tf, x, NEG));
        Operand<T> masked = tf.select(mask, x, neg);
        Operand<T> max = tf.stopGradient(tf.max(masked, tf.constant(1), Max.keepDims(true)));
        Operand<TBool> any = tf.reshape(tf.any(mask, tf.constant(1)), tf.constant(new int[] {-1, 1}));
        Operand<T> safeMax = tf.select(any, max, tf.zerosLike(max));
        Operand<T> shifted = tf.select(mask, tf.math.sub(x, safeMax), neg);
        Operand<T> sum = tf.reduceSum(tf.math.exp(shifted), tf.constant(1), ReduceSum.keepDims(true));
        Operand<T> lse = tf.math.add(safeMax, tf.math.log(tf.math.maximum(sum, scalar(tf, x, 1e-30))));
        return tf.reshape(lse, tf.constant(new int[] {-1}));
    }

    private static <T extends TFloating> Operand<T> scalar(Ops tf, Operand<T> like, double value) {
        return tf.dtypes.cast(tf.constant(value), like.type());
    }
}
