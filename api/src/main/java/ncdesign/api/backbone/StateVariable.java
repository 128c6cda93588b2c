package ncdesign.api.backbone;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A non-trainable, checkpointed variable such as a BatchNorm running mean.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface StateVariable {
    /** The current value, as a graph operand. */
    Operand<TFloat32> value();

    /** An op that assigns {@code newValue}; register it with {@link VariableStore#onTrainStep(Op)} to run each step. */
    Op assign(Ops tf, Operand<TFloat32> newValue);
}
