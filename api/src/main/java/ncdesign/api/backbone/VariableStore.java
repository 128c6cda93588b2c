package ncdesign.api.backbone;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * Where plugins get their variables. The runtime owns the variables (gradients, optimiser state, checkpoints,
 * device placement); a plugin only asks for them by name.
 *
 * <p>Asking twice for the same name in the same store returns the same variable, so a plugin can build a
 * training branch and an inference branch of one network that share weights. Names are scoped by the runtime
 * (e.g. {@code backbone/}, {@code loss/}), so two plugins cannot collide.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface VariableStore {

    /**
     * A trainable float32 variable. Returns its value as an operand (the runtime differentiates with respect to
     * it and applies the optimiser update to the variable behind it).
     */
    Operand<TFloat32> trainable(String name, Shape shape, Initializer init);

    /**
     * A trainable variable that is excluded from weight decay (biases, BatchNorm γ/β in some recipes).
     * By default the same as {@link #trainable}.
     */
    default Operand<TFloat32> trainableNoDecay(String name, Shape shape, Initializer init) {
        return trainable(name, shape, init);
    }

    /** A variable that is checkpointed but never trained (running statistics, fixed classifiers). */
    StateVariable state(String name, Shape shape, Initializer init);

    /** Registers an op that must run with every training step (e.g. a running-statistics update). */
    void onTrainStep(Op update);

    /** A store whose names are prefixed by {@code scope + "/"}. */
    VariableStore scoped(String scope);
}
