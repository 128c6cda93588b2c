package ncdesign.api.backbone;

import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A network that maps an image batch to a feature batch.
 *
 * <p>Built from the {@link Ops} it is handed (already scoped and placed on a device by the runtime); it holds
 * no {@code Graph} or {@code Session}. Variables come from {@link BackboneInput#vars()}; calling
 * {@link #forward} once with {@link ncdesign.api.Mode#TRAIN} and once with {@link ncdesign.api.Mode#INFER}
 * yields two branches that share weights.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface Backbone {

    /** Dimension d of the features {@link #forward} returns. */
    int featureDim(InputSpec spec);

    /** Builds the forward pass; returns features of shape [B, d]. */
    Operand<TFloat32> forward(Ops tf, BackboneInput in);
}
