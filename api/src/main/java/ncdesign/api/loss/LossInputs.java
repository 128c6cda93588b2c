package ncdesign.api.loss;

import java.util.Objects;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.annotation.Stable;
import ncdesign.api.backbone.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * What the training step hands a loss. Which fields are present follows {@link LossNeeds}: {@code weights}
 * unless the classifier is {@link ClassifierKind#NONE}, {@code bias} only for
 * {@link ClassifierKind#LEARNED_WITH_BIAS}, {@code secondView} only when two views are declared.
 * Features, weights and views arrive raw (unnormalised); normalising losses normalise them themselves.
 *
 * @param type       floating type of the tensors (float32 in training; float64 in {@link ncdesign.api.probe.LossProbe})
 * @param features   [M, d] features of the first view
 * @param labels     [M] labels in 0..K−1
 * @param numClasses K
 * @param weights    [K, d] classifier rows (prototypes), or null
 * @param bias       [K] bias, or null
 * @param secondView [M, d] features of the second view, or null
 * @param mode       training or inference
 * @param vars       variables the loss may own (e.g. a BatchNorm before ETF+DR), scoped to the loss
 * @param gather     identity on one worker; the cross-replica gather when data-parallel
 * @param <T>        the floating type
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record LossInputs<T extends TFloating>(
        Class<T> type,
        Operand<T> features,
        Operand<TInt32> labels,
        int numClasses,
        Operand<T> weights,
        Operand<T> bias,
        Operand<T> secondView,
        Mode mode,
        VariableStore vars,
        BatchGather gather) {

    public LossInputs {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(mode, "mode");
        if (gather == null) {
            gather = BatchGather.local();
        }
        if (numClasses < 1) {
            throw new PluginException("number of classes must be positive, got " + numClasses);
        }
    }

    /** The classifier weights, or a clear error naming the loss that forgot to declare them. */
    public Operand<T> requireWeights(String loss) {
        if (weights == null) {
            throw new PluginException("loss '" + loss + "' needs classifier weights but none were given;"
                    + " declare a classifier in LossNeeds");
        }
        return weights;
    }

    /** The bias, or a clear error. */
    public Operand<T> requireBias(String loss) {
        if (bias == null) {
            throw new PluginException("loss '" + loss + "' needs a classifier bias but none was given;"
                    + " declare ClassifierKind.LEARNED_WITH_BIAS");
        }
        return bias;
    }

    /** The second view, or a clear error. */
    public Operand<T> requireSecondView(String loss) {
        if (secondView == null) {
            throw new PluginException("loss '" + loss + "' needs a second augmented view but none was given;"
                    + " declare views = 2 in LossNeeds");
        }
        return secondView;
    }

    /** A scalar constant of this input's floating type. */
    public Operand<T> scalar(Ops tf, double value) {
        return tf.dtypes.cast(tf.constant(value), type);
    }
}
