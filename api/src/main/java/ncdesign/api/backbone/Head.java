package ncdesign.api.backbone;

import ncdesign.api.Mode;
import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A projection head for contrastive training: maps encoder features [B, d] to L2-normalised embeddings
 * [B, {@link #outputDim(int)}]. Like a backbone, it takes its variables from the store it is handed, so training
 * and inference branches share them.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface Head {

    /** Output dimension for encoder features of dimension {@code inputDim}. */
    int outputDim(int inputDim);

    /** Builds the head; the result must be L2-normalised along the last axis. */
    Operand<TFloat32> forward(Ops tf, Operand<TFloat32> features, int inputDim, Mode mode, VariableStore vars);
}
