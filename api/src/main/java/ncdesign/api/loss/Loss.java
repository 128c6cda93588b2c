package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A training objective, written as TensorFlow ops.
 *
 * <p>It declares what it needs ({@link #needs()}) and builds its ops from the {@link Ops} it is handed on each
 * call, so the same loss works in the training graph (float32) and in {@link ncdesign.api.probe.LossProbe}
 * (float64, for finite-difference checks). Every sum of exponentials must be a stable log-sum-exp.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface Loss {

    /** What the runtime must provide. */
    LossNeeds needs();

    /** Builds the loss value and, when the loss has a classifier, the class scores. */
    <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in);
}
