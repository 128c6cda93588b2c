package ncdesign.api.probe;

import java.util.Map;
import ncdesign.api.annotation.Stable;

/**
 * Value and gradients of a loss evaluated by {@link LossProbe}. Gradients of absent inputs are null.
 *
 * @param value           the loss
 * @param gradFeatures    ∂loss/∂features
 * @param gradWeights     ∂loss/∂weights
 * @param gradBias        ∂loss/∂bias
 * @param gradSecondView  ∂loss/∂secondView
 * @param scores          the class scores the loss returned, or null
 * @param diagnostics     the loss's diagnostics
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record ProbeResult(
        double value,
        double[][] gradFeatures,
        double[][] gradWeights,
        double[] gradBias,
        double[][] gradSecondView,
        double[][] scores,
        Map<String, Double> diagnostics) {
}
