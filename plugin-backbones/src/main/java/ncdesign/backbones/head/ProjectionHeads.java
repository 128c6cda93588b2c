package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import ncdesign.backbones.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Projection heads of supervised contrastive learning, each ending in L2 normalisation:
 * {@code mlp} = Linear(d, d) → ReLU → Linear(d, out), {@code linear} = Linear(d, out), {@code none} = identity.
 */
public final class ProjectionHeads {
    private ProjectionHeads() {
    }

    static Operand<TFloat32> l2(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> n = tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(x, tf.math.maximum(n, tf.constant(1e-12f)));
    }

    static final ParamSpec DIM = ParamSpec.ofInt("dim", 128, "output dimension").atLeast(1);

    /** mlp head. */
    @AutoService(HeadProvider.class)
    public static final class Mlp implements HeadProvider {
        @Override
        public String name() {
            return "mlp";
        }

        @Override
        public String description() {
            return "Linear(d,d) -> ReLU -> Linear(d,dim), L2-normalised (SupCon's head)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(DIM);
        }

        @Override
        public Head create(Params p) {
            int out = p.getInt("dim");
            return new Head() {
                @Override
                public int outputDim(int inputDim) {
                    return out;
                }

                @Override
                public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                    Operand<TFloat32> h = tf.nn.relu(Layers.dense(tf, vars, "fc1", f, d, d, true));
                    return l2(tf, Layers.dense(tf, vars, "fc2", h, d, out, true));
                }
            };
        }
    }

    /** linear head. */
    @AutoService(HeadProvider.class)
    public static final class Linear implements HeadProvider {
        @Override
        public String name() {
            return "linear";
        }

        @Override
        public String description() {
            return "Linear(d,dim), L2-normalised";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(DIM);
        }

        @Override
        public Head create(Params p) {
            int out = p.getInt("dim");
            return new Head() {
                @Override
                public int outputDim(int inputDim) {
                    return out;
                }

                @Override
                public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                    return l2(tf, Layers.dense(tf, vars, "fc", f, d, out, true));
                }
            };
        }
    }

    /** none: the normalised encoder features themselves. */
    @AutoService(HeadProvider.class)
    public static final class None implements HeadProvider {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public String description() {
            return "no projection: the L2-normalised encoder features";
        }

        @Override
        public Head create(Params p) {
            return new Head() {
                @Override
                public int outputDim(int inputDim) {
                    return inputDim;
                }

                @Override
                public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                    return l2(tf, f);
                }
            };
        }
    }
}
