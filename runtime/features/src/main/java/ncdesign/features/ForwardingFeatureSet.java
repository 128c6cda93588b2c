package ncdesign.features;

import java.util.List;
import java.util.Optional;
import ncdesign.api.metric.FeatureSet;

/**
 * A feature set that answers every call from another one; a view overrides what it changes and says, in
 * {@link #over}, how to wrap the set another column selects, so a selected column keeps the view.
 */
public abstract class ForwardingFeatureSet implements FeatureSet {
    /** The set this view forwards to. */
    protected final FeatureSet base;

    protected ForwardingFeatureSet(FeatureSet base) {
        this.base = base;
    }

    /** The same view over {@code other} (the base with another column selected). */
    protected abstract FeatureSet over(FeatureSet other);

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
        return base.predictions();
    }

    @Override
    public Optional<float[][]> weights() {
        return base.weights();
    }

    @Override
    public Optional<float[]> bias() {
        return base.bias();
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
    public final FeatureSet select(String column) {
        return over(base.select(column));
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        base.forEachBlock(visitor);
    }
}
