package ncdesign.core.train;

import java.util.List;
import java.util.function.IntFunction;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;

/**
 * The {@link EvalContext} the runtime hands evaluators: train and test feature sets already produced by one
 * encoder pass each, and a source of freshly augmented training features for probes that re-augment.
 */
public record FeatureEvalContext(int numClasses, List<String> classNames, FeatureSet train, FeatureSet test,
                          IntFunction<FeatureSet> augmented, long seed) implements EvalContext {

    @Override
    public FeatureSet features(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    @Override
    public long encoderPasses(Split split) {
        return features(split).size();
    }

    @Override
    public FeatureSet augmentedTrainFeatures(int epoch) {
        return augmented.apply(epoch);
    }
}
