package ncdesign.backbones.head;

import ncdesign.api.param.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * What the projection heads of supervised contrastive learning share ({@link MlpHead}, {@link LinearHead},
 * {@link NoneHead}): each ends in L2 normalisation, and the learned ones take an output dimension {@code dim}.
 */
final class ProjectionHeads {
    private ProjectionHeads() {
    }

    static Operand<TFloat32> l2(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> n = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(n, tf.constant(1e-12f)));
    }

    static final ParamSpec DIM = ParamSpec.ofInt("dim", 128, "output dimension").atLeast(1);
}
