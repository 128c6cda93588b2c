package ncdesign.api.eval;

import ncdesign.api.annotation.Stable;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.metric.FeatureSet;

/**
 * The frozen encoder of the trained model, for protocols that need a forward pass on images of their own
 * (corrupted test images, another dataset). Offered by {@link EvalContext#encoder()}.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface TrainedEncoder {

    /** The input the encoder takes: images of other shapes must be adapted first ({@link EvalImages#dataset}). */
    InputSpec inputSpec();

    /** Whether the model has a classifier of its own (a loss with learned or fixed prototypes). */
    boolean hasClassifier();

    /**
     * Encodes images of the encoder's input shape with the evaluation transform the model was trained with: column
     * {@code features} (and {@code head_features} when the model has a projection head), the images' labels, and the
     * model's predictions and classifier when it has one and the images have its K classes. N forward passes.
     */
    FeatureSet encode(ImageBatch images);
}
