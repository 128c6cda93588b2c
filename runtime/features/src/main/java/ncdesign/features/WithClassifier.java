package ncdesign.features;

import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A feature set seen with another classifier (e.g. the prototypes or probe an evaluator produced), so the NC
 * metrics can be measured for that classifier. Predictions are dropped: metrics recompute them from the weights.
 */
public final class WithClassifier extends ForwardingFeatureSet {
    private final float[][] weights;
    private final float[] bias;

    public WithClassifier(FeatureSet base, float[][] weights, float[] bias) {
        super(base);
        this.weights = weights;
        this.bias = bias;
    }

    @Override
    protected FeatureSet over(FeatureSet other) {
        return new WithClassifier(other, weights, bias);
    }

    @Override
    public Optional<int[]> predictions() {
        return Optional.empty();
    }

    @Override
    public Optional<float[][]> weights() {
        return Optional.ofNullable(weights);
    }

    @Override
    public Optional<float[]> bias() {
        return Optional.ofNullable(bias);
    }
}
