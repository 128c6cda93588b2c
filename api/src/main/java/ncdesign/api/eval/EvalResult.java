package ncdesign.api.eval;

import java.util.Map;
import ncdesign.api.annotation.Stable;

/**
 * The outcome of an evaluation protocol.
 *
 * @param evaluator     name of the evaluator
 * @param accuracy      test top-1 accuracy in [0, 1]
 * @param values        further named values (e.g. {@code ncc-accuracy})
 * @param seconds       wall time the protocol took
 * @param encoderPasses number of images passed through the encoder for this protocol
 * @param weights       the classifier it used or fitted (K × d), or null
 * @param bias          its bias, or null
 * @param featureColumn the feature column the classifier acts on ({@code features} or {@code head_features}), so the
 *                      runtime can measure Neural Collapse for it
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record EvalResult(
        String evaluator,
        double accuracy,
        Map<String, Double> values,
        double seconds,
        long encoderPasses,
        float[][] weights,
        float[] bias,
        String featureColumn) {
    public EvalResult {
        values = Map.copyOf(values == null ? Map.of() : values);
        featureColumn = featureColumn == null ? "features" : featureColumn;
    }

    /** A result whose classifier acts on the encoder features. */
    public EvalResult(String evaluator, double accuracy, Map<String, Double> values, double seconds, long encoderPasses,
                      float[][] weights, float[] bias) {
        this(evaluator, accuracy, values, seconds, encoderPasses, weights, bias, "features");
    }
}
