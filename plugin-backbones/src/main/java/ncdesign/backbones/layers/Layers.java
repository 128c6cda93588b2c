package ncdesign.backbones.layers;

import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.StateVariable;
import ncdesign.api.backbone.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Layer building blocks shared by the backbones, each creating its variables in a {@link VariableStore} under a
 * given name so a training and an inference branch of the same network share them. Conventions follow
 * torchvision: convolutions without bias, Kaiming-normal (fan-out, ReLU) initialisation, BatchNorm γ=1, β=0
 * with running statistics updated with momentum 0.1.
 */
public final class Layers {
    /** BatchNorm momentum as PyTorch defines it: running ← (1 − m)·running + m·batch. */
    public static final float BN_MOMENTUM = 0.1f;
    public static final float BN_EPSILON = 1e-5f;

    private Layers() {
    }

    /**
     * k×k convolution, no bias, NHWC. Padding is explicit and symmetric, (k−1)/2 on each side, as PyTorch's
     * {@code padding=k//2} — TensorFlow's SAME pads asymmetrically for stride 2. It is a separate Pad op followed by
     * a VALID convolution because TensorFlow's C++ gradient of Conv2D drops the EXPLICIT padding attribute.
     */
    public static Operand<TFloat32> conv(Ops tf, VariableStore vars, String name, Operand<TFloat32> x,
                                         int in, int out, int k, int stride) {
        long pad = (k - 1) / 2;
        Operand<TFloat32> w = vars.trainable(name + "/w", Shape.of(k, k, in, out), Initializer.kaimingNormalFanOut((long) out * k * k));
        Operand<TFloat32> in2 = pad == 0 ? x
                : tf.pad(x, tf.constant(new int[][] {{0, 0}, {(int) pad, (int) pad}, {(int) pad, (int) pad}, {0, 0}}), tf.constant(0f));
        return tf.nn.conv2d(in2, w, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
    }

    /**
     * BatchNorm over the channel (last) axis of an NHWC tensor: batch statistics in training (and the running
     * averages updated in the same step), running averages at inference.
     */
    public static Operand<TFloat32> batchNorm(Ops tf, VariableStore vars, String name, Operand<TFloat32> x, int channels, Mode mode) {
        Operand<TFloat32> gamma = vars.trainableNoDecay(name + "/gamma", Shape.of(channels), Initializer.constant(1f));
        Operand<TFloat32> beta = vars.trainableNoDecay(name + "/beta", Shape.of(channels), Initializer.zeros());
        StateVariable mean = vars.state(name + "/running_mean", Shape.of(channels), Initializer.zeros());
        StateVariable var = vars.state(name + "/running_var", Shape.of(channels), Initializer.constant(1f));
        if (mode == Mode.TRAIN) {
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, mean.value(), var.value(),
                    FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BN_EPSILON),
                    FusedBatchNorm.exponentialAvgFactor(BN_MOMENTUM));
            // In training mode with a non-unit factor, the fused op returns the updated running averages
            // (the variance Bessel-corrected, as PyTorch keeps it).
            vars.onTrainStep(mean.assign(tf, bn.batchMean()));
            vars.onTrainStep(var.assign(tf, bn.batchVariance()));
            return bn.y();
        }
        return tf.nn.fusedBatchNorm(x, gamma, beta, mean.value(), var.value(),
                FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BN_EPSILON)).y();
    }

    /** BatchNorm of a [B, C] tensor, through the NHWC op on a [B, 1, 1, C] view. */
    public static Operand<TFloat32> batchNorm1d(Ops tf, VariableStore vars, String name, Operand<TFloat32> x, int channels, Mode mode) {
        Operand<TFloat32> x4 = tf.reshape(x, tf.constant(new int[] {-1, 1, 1, channels}));
        return tf.reshape(batchNorm(tf, vars, name, x4, channels, mode), tf.constant(new int[] {-1, channels}));
    }

    /** Fully connected layer y = xW + b with PyTorch's default initialisation. */
    public static Operand<TFloat32> dense(Ops tf, VariableStore vars, String name, Operand<TFloat32> x, int in, int out, boolean bias) {
        Operand<TFloat32> w = vars.trainable(name + "/w", Shape.of(in, out), Initializer.linearDefault(in));
        Operand<TFloat32> y = tf.linalg.matMul(x, w);
        if (bias) {
            y = tf.nn.biasAdd(y, vars.trainableNoDecay(name + "/b", Shape.of(out), Initializer.linearDefault(in)));
        }
        return y;
    }

    /** k×k max pooling with stride s, SAME padding. */
    public static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> x, int k, int s) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, k, k, 1}), tf.constant(new int[] {1, s, s, 1}), "SAME");
    }

    /** Mean over the spatial axes: [B, H, W, C] → [B, C]. */
    public static Operand<TFloat32> globalAvgPool(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }
}
