package ncdesign.api.eval;

import java.util.List;
import java.util.Optional;
import ncdesign.api.annotation.Stable;
import ncdesign.api.metric.FeatureSet;

/**
 * What an evaluator gets: the trained model's cached features and classifier, and facts about the data; when it
 * runs on a trained model (not on a feature cache alone), also the frozen encoder and images to feed it.
 * The runtime implements it; evaluator plugins only call it. Methods added later have defaults, so contexts and
 * evaluators written against an earlier version still compile.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
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

    /** The frozen encoder, when the evaluator runs on a trained model; empty over feature caches alone. */
    default Optional<TrainedEncoder> encoder() {
        return Optional.empty();
    }

    /** Test images, catalog datasets and corruptions for the {@link #encoder()}; present exactly when it is. */
    default Optional<EvalImages> images() {
        return Optional.empty();
    }

    /** Classifiers that evaluators already fitted for this model, in the order they ran. */
    default List<SavedClassifier> savedClassifiers() {
        return List.of();
    }

    /** Reports one line of progress of a long protocol; the runtime shows or logs it. */
    default void progress(String line) {
    }
}
