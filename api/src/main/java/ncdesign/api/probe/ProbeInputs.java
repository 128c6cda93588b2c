package ncdesign.api.probe;

import java.util.Objects;
import ncdesign.api.annotation.Stable;

/**
 * Plain-array inputs for {@link LossProbe}. Arrays are row-major {@code [rows][cols]}; absent parts are null.
 *
 * @param features   M × d first-view features
 * @param labels     M labels in 0..K−1
 * @param numClasses K
 * @param weights    K × d classifier rows, or null
 * @param bias       K biases, or null
 * @param secondView M × d second-view features, or null
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record ProbeInputs(
        double[][] features, int[] labels, int numClasses, double[][] weights, double[] bias, double[][] secondView) {
    public ProbeInputs {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
    }

    /** Inputs with features, labels and classifier weights only. */
    public static ProbeInputs of(double[][] features, int[] labels, int numClasses, double[][] weights) {
        return new ProbeInputs(features, labels, numClasses, weights, null, null);
    }

    public ProbeInputs withBias(double[] b) {
        return new ProbeInputs(features, labels, numClasses, weights, b, secondView);
    }

    public ProbeInputs withSecondView(double[][] v) {
        return new ProbeInputs(features, labels, numClasses, weights, bias, v);
    }

    public ProbeInputs withFeatures(double[][] f) {
        return new ProbeInputs(f, labels, numClasses, weights, bias, secondView);
    }

    public ProbeInputs withWeights(double[][] w) {
        return new ProbeInputs(features, labels, numClasses, w, bias, secondView);
    }

    public ProbeInputs withLabels(int[] y) {
        return new ProbeInputs(features, y, numClasses, weights, bias, secondView);
    }
}
