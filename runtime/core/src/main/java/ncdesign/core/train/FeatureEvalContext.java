package ncdesign.core.train;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.Split;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;

/**
 * The {@link EvalContext} the runtime hands evaluators: train and test feature sets already produced by one
 * encoder pass each, a source of freshly augmented training features for probes that re-augment, and, on a trained
 * model, its encoder and images. {@code savedClassifiers} may grow while evaluators run (each sees those before it).
 */
public record FeatureEvalContext(int numClasses, List<String> classNames, FeatureSet train, FeatureSet test,
                                 IntFunction<FeatureSet> augmented, long seed, Optional<TrainedEncoder> encoder,
                                 Optional<EvalImages> images, List<SavedClassifier> savedClassifiers,
                                 Consumer<String> progressSink) implements EvalContext {

    /** A context over cached features alone: no encoder, no images, no saved classifier. */
    public FeatureEvalContext(int numClasses, List<String> classNames, FeatureSet train, FeatureSet test,
                              IntFunction<FeatureSet> augmented, long seed) {
        this(numClasses, classNames, train, test, augmented, seed, Optional.empty(), Optional.empty(), List.of(), line -> { });
    }

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

    @Override
    public void progress(String line) {
        progressSink.accept(line);
    }
}
