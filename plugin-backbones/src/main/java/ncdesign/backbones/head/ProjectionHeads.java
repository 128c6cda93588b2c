package ncdesign.backbones.head;

import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
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

    /** The layers of a learned head before its L2 normalisation: features {@code f} of dimension d to {@code out}. */
    @FunctionalInterface
    interface Projection {
        Operand<TFloat32> apply(Ops tf, VariableStore vars, Operand<TFloat32> f, int d, int out);
    }

    /** A learned head: output dimension the {@code dim} parameter, {@code projection} then L2 normalisation. */
    static Head learned(Params p, Projection projection) {
        int out = p.getInt("dim");
        return new Head() {
            @Override
            public int outputDim(int inputDim) {
                return out;
            }

            @Override
            public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                return l2(tf, projection.apply(tf, vars, f, d, out));
            }
        };
    }
}
