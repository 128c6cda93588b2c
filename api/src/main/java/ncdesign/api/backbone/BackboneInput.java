package ncdesign.api.backbone;

import ncdesign.api.Mode;
import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What a backbone gets for one forward pass.
 *
 * @param images    normalised images, NHWC float32, shape [B, H, W, C]
 * @param sampleIds the dataset index of each image, shape [B] (the {@code free} model looks its features up by it)
 * @param mode      training (batch statistics) or inference (running statistics)
 * @param vars      where to get variables; shared between the training and inference branches
 * @param spec      static description of the input images and the dataset
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record BackboneInput(
        Operand<TFloat32> images,
        Operand<TInt32> sampleIds,
        Mode mode,
        VariableStore vars,
        InputSpec spec) {
}
