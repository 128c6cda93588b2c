package ncdesign.testkit;

import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * A one-layer backbone (flatten, tanh(xW + b), d = 5) and a linear projection head (L2-normalised) that pass their
 * kits, and, with a {@link Flaw}, the same network broken in exactly one way that one check must catch.
 */
final class TestNets {
    private TestNets() {
    }

    /** One way to be broken; null: not broken. */
    enum Flaw {
        DIM_DISAGREES, INFER_OWN_VARIABLE, UNUSED_VARIABLE, UNSEEDED_INIT, NOT_FINITE, BAD_VARIABLE_NAME, NOT_NORMALISED,
        DETACHED_INPUT
    }

    static final int D = 5;

    /** The layer both networks are: x·W + b with W [in, out] (named {@code w}, or {@code w-infer} when broken). */
    private static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, int in, int out, Mode mode, VariableStore vars, Flaw flaw) {
        String wName = flaw == Flaw.INFER_OWN_VARIABLE && mode == Mode.INFER ? "w-infer"
                : flaw == Flaw.BAD_VARIABLE_NAME ? "w 1" : "w";
        Initializer init = flaw == Flaw.UNSEEDED_INIT
                ? (ops, shape, seed) -> ops.random.randomStandardNormal(ops.constant(shape), TFloat32.class)
                : Initializer.linearDefault(in);
        Operand<TFloat32> w = vars.trainable(wName, Shape.of(in, out), init);
        Operand<TFloat32> b = vars.trainableNoDecay("b", Shape.of(out), Initializer.zeros());
        if (flaw == Flaw.UNUSED_VARIABLE) {
            vars.trainable("unused", Shape.of(out), Initializer.zeros());
        }
        Operand<TFloat32> y = tf.math.add(tf.linalg.matMul(flaw == Flaw.DETACHED_INPUT ? tf.stopGradient(x) : x, w), b);
        return flaw == Flaw.NOT_FINITE ? tf.math.log(tf.math.sub(tf.math.abs(y), tf.constant(1e6f))) : y;
    }

    /** The backbone provider. */
    static BackboneProvider backbone(Flaw flaw) {
        return new BackboneProvider() {
            @Override
            public String name() {
                return "one-layer";
            }

            @Override
            public String description() {
                return "tanh of one dense layer (testkit's own test)";
            }

            @Override
            public List<ParamSpec> parameters() {
                return List.of(ParamSpec.ofInt("dim", D, "feature dimension").atLeast(1));
            }

            @Override
            public Backbone create(Params params) {
                return new Backbone() {
                    @Override
                    public int featureDim(InputSpec spec) {
                        return flaw == Flaw.DIM_DISAGREES ? D + 1 : D;
                    }

                    @Override
                    public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
                        InputSpec s = in.spec();
                        int flat = s.height() * s.width() * s.channels();
                        Operand<TFloat32> x = tf.reshape(in.images(), tf.constant(new int[] {-1, flat}));
                        return tf.math.tanh(dense(tf, x, flat, D, in.mode(), in.vars(), flaw));
                    }
                };
            }
        };
    }

    /** The head provider: x·W + b, L2-normalised (not normalised when broken so). */
    static HeadProvider head(Flaw flaw) {
        return new HeadProvider() {
            @Override
            public String name() {
                return "linear-test";
            }

            @Override
            public String description() {
                return "a normalised linear projection (testkit's own test)";
            }

            @Override
            public Head create(Params params) {
                return new Head() {
                    @Override
                    public int outputDim(int inputDim) {
                        return flaw == Flaw.DIM_DISAGREES ? D + 1 : D;
                    }

                    @Override
                    public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> features, int inputDim, Mode mode, VariableStore vars) {
                        Operand<TFloat32> y = dense(tf, features, inputDim, D, mode, vars, flaw);
                        if (flaw == Flaw.NOT_NORMALISED) {
                            return y;
                        }
                        Operand<TFloat32> n = tf.math.sqrt(tf.math.maximum(
                                tf.reduceSum(tf.math.square(y), tf.constant(1), ReduceSum.keepDims(true)), tf.constant(1e-12f)));
                        return tf.math.div(y, n);
                    }
                };
            }
        };
    }
}
