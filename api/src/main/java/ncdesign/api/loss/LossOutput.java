package ncdesign.api.loss;

import java.util.Map;
import java.util.Objects;
import ncdesign.api.annotation.Stable;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/**
 * What a loss builds.
 *
 * @param loss        scalar loss to minimise
 * @param scores      [M, K] class scores whose arg-max is the prediction (e.g. zᵀw + b, or cos(u, ŵ)), or null
 *                    when the loss has no classifier
 * @param diagnostics named scalar counters or values the run reports (e.g. {@code samples-without-negatives});
 *                    summed over steps by the runtime
 * @param <T>         the floating type
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record LossOutput<T extends TNumber>(
        Operand<T> loss,
        Operand<T> scores,
        Map<String, Operand<? extends TNumber>> diagnostics) {

    public LossOutput {
        Objects.requireNonNull(loss, "loss");
        diagnostics = Map.copyOf(diagnostics == null ? Map.of() : diagnostics);
    }

    public static <T extends TNumber> LossOutput<T> of(Operand<T> loss, Operand<T> scores) {
        return new LossOutput<>(loss, scores, Map.of());
    }
}
