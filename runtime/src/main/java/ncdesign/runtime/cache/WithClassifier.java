package ncdesign.runtime.cache;

import java.util.List;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A feature set seen with another classifier (e.g. the prototypes or probe an evaluator produced), so the NC
 * metrics can be measured for that classifier. Predictions are dropped: metrics recompute them from the weights.
 */
public final class WithClassifier implements FeatureSet {
    private final FeatureSet base;
    private final float[][] weights;
    private final float[] bias;

    public WithClassifier(FeatureSet base, float[][] weights, float[] bias) {
        this.base = base;
        this.weights = weights;
        this.bias = bias;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public int dim() {
        return base.dim();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public int[] labels() {
        return base.labels();
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

    @Override
    public List<String> columns() {
        return base.columns();
    }

    @Override
    public String column() {
        return base.column();
    }

    @Override
    public FeatureSet select(String column) {
        return new WithClassifier(base.select(column), weights, bias);
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        base.forEachBlock(visitor);
    }
}
