package ncdesign.api.backbone;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the initial value of a variable. {@code seed} is derived by the runtime from the run seed and the
 * variable's name, so initialisation is reproducible and independent of creation order.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
@FunctionalInterface
public interface Initializer {
    Operand<TFloat32> init(Ops tf, Shape shape, long seed);

    static Initializer zeros() {
        return (tf, shape, seed) -> tf.zeros(tf.constant(shape), TFloat32.class);
    }

    static Initializer constant(float value) {
        return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(value));
    }

    /** Normal(0, std²), truncated to nothing: plain Gaussian as in PyTorch's {@code normal_}. */
    static Initializer normal(double std) {
        return (tf, shape, seed) -> tf.math.mul(
                tf.random.statelessRandomNormal(tf.constant(toInt(shape)), tf.constant(new long[] {seed, 0x5eedL})),
                tf.constant((float) std));
    }

    /** Uniform(−bound, bound). */
    static Initializer uniform(double bound) {
        return (tf, shape, seed) -> tf.math.mul(
                tf.math.sub(tf.math.mul(tf.random.statelessRandomUniform(
                        tf.constant(toInt(shape)), tf.constant(new long[] {seed, 0x5eedL})), tf.constant(2f)), tf.constant(1f)),
                tf.constant((float) bound));
    }

    /**
     * PyTorch's default for {@code nn.Linear} weights and biases: Uniform(±1/√fanIn).
     */
    static Initializer linearDefault(int fanIn) {
        return uniform(1.0 / Math.sqrt(fanIn));
    }

    /**
     * Kaiming-normal with fan-out mode and ReLU gain, as torchvision's ResNets initialise convolutions:
     * std = √(2 / fanOut), fanOut = outChannels × kernel area.
     */
    static Initializer kaimingNormalFanOut(long fanOut) {
        return normal(Math.sqrt(2.0 / fanOut));
    }

    /** Shapes as int32, because several random ops lack GPU kernels for int64 shapes. */
    private static int[] toInt(Shape shape) {
        int[] dims = new int[shape.numDimensions()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape.get(i));
        }
        return dims;
    }
}
