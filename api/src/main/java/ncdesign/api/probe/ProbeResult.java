package ncdesign.api.probe;

import java.util.Map;

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
 */
public record ProbeResult(
        double value,
        double[][] gradFeatures,
        double[][] gradWeights,
        double[] gradBias,
        double[][] gradSecondView,
        double[][] scores,
        Map<String, Double> diagnostics) {
}
