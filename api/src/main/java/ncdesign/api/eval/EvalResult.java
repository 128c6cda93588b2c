package ncdesign.api.eval;

import java.util.Map;

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
 */
public record EvalResult(
        String evaluator,
        double accuracy,
        Map<String, Double> values,
        double seconds,
        long encoderPasses,
        float[][] weights,
        float[] bias) {
    public EvalResult {
        values = Map.copyOf(values == null ? Map.of() : values);
    }
}
