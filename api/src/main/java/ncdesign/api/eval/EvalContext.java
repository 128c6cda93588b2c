package ncdesign.api.eval;

import java.util.List;
import ncdesign.api.metric.FeatureSet;

/**
 * What an evaluator gets: the trained model's cached features and classifier, and facts about the data.
 * The runtime implements it; evaluator plugins only call it.
 */
public interface EvalContext {

    /** K. */
    int numClasses();

    /** Class names in label order. */
    List<String> classNames();

    /** Features of the trained (frozen) model on a split, with labels, predictions and the classifier. */
    FeatureSet features(Split split);

    /** Number of encoder forward passes (images) already spent producing {@link #features} for the split. */
    long encoderPasses(Split split);

    /**
     * Encoder features (column {@code features}, and {@code head_features} when the model has a projection head) of
     * the training set under the training augmentation, drawn afresh for probe epoch {@code epoch}: N encoder passes
     * per call, counted by the caller.
     */
    FeatureSet augmentedTrainFeatures(int epoch);

    /** The run's seed, for evaluators that shuffle. */
    long seed();
}
