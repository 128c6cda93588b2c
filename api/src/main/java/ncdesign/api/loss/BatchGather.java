package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Returns the global batch when training data-parallel: the rows of every worker, concatenated along axis 0,
 * this worker's own rows first (so row i of the result is local row i for i &lt; M, which losses that mask an
 * anchor's own entry rely on) and then the other workers' rows in task order, with gradients flowing back only to
 * this worker's own rows (the others' enter as constants). On a single worker it is the identity. Losses that use
 * batch negatives call it on features and labels so cross-replica negatives are an option of the input, not a fork
 * of the loss.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
@FunctionalInterface
public interface BatchGather {
    <U extends TType> Operand<U> gather(Ops tf, Operand<U> local);

    /** The single-worker gather. */
    static BatchGather local() {
        return new BatchGather() {
            @Override
            public <U extends TType> Operand<U> gather(Ops tf, Operand<U> local) {
                return local;
            }
        };
    }
}
