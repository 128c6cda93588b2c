package ncdesign.testkit.fakes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.Split;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;

/**
 * An {@link EvalContext} over in-memory feature sets, as the runtime builds one over a run's caches: train and test
 * features (with the model's predictions and classifier where it has one), class names, a seed, freshly
 * "augmented" training features per probe epoch (by default the training features themselves), no encoder or images
 * unless given ({@link #withEncoder}), the classifiers earlier evaluators saved, and the progress lines an evaluator
 * reports ({@link #progressLines()}). Immutable except for the recorded progress.
 *
 * <pre>
 * EvalContext ctx = MemoryEvalContext.of(EtfFixtures.clustered(3, 8, 20, 0.3, 1), EtfFixtures.clustered(3, 8, 10, 0.3, 2));
 * EvalResult r = new MyEvaluator().evaluate(ctx);
 * </pre>
 */
public final class MemoryEvalContext implements EvalContext {
    private final FeatureSet train;
    private final FeatureSet test;
    private final List<String> classNames;
    private final long seed;
    private final IntFunction<FeatureSet> augmented;
    private final TrainedEncoder encoder;
    private final EvalImages images;
    private final List<SavedClassifier> saved;
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    private MemoryEvalContext(FeatureSet train, FeatureSet test, List<String> classNames, long seed,
                              IntFunction<FeatureSet> augmented, TrainedEncoder encoder, EvalImages images,
                              List<SavedClassifier> saved) {
        this.train = train;
        this.test = test;
        this.classNames = List.copyOf(classNames);
        this.seed = seed;
        this.augmented = augmented;
        this.encoder = encoder;
        this.images = images;
        this.saved = List.copyOf(saved);
    }

    /** A context over {@code train} and {@code test} (same K), classes named {@code class-0}…, seed 1. */
    public static MemoryEvalContext of(FeatureSet train, FeatureSet test) {
        if (train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train has K=" + train.numClasses() + " classes, test K=" + test.numClasses());
        }
        List<String> names = IntStream.range(0, train.numClasses()).mapToObj(c -> "class-" + c).toList();
        return new MemoryEvalContext(train, test, names, 1, e -> train, null, null, List.of());
    }

    /** The same context with another seed. */
    public MemoryEvalContext withSeed(long s) {
        return new MemoryEvalContext(train, test, classNames, s, augmented, encoder, images, saved);
    }

    /** The same context drawing the training features of probe epoch {@code e} from {@code source}. */
    public MemoryEvalContext withAugmented(IntFunction<FeatureSet> source) {
        return new MemoryEvalContext(train, test, classNames, seed, source, encoder, images, saved);
    }

    /** The same context on a trained model: with its encoder and the images to feed it. */
    public MemoryEvalContext withEncoder(TrainedEncoder e, EvalImages i) {
        return new MemoryEvalContext(train, test, classNames, seed, augmented, e, i, saved);
    }

    /** The same context after earlier evaluators saved these classifiers. */
    public MemoryEvalContext withSavedClassifiers(List<SavedClassifier> s) {
        return new MemoryEvalContext(train, test, classNames, seed, augmented, encoder, images, s);
    }

    /** The progress lines reported so far, in order. */
    public List<String> progressLines() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }

    @Override
    public int numClasses() {
        return train.numClasses();
    }

    @Override
    public List<String> classNames() {
        return classNames;
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
    public long seed() {
        return seed;
    }

    @Override
    public Optional<TrainedEncoder> encoder() {
        return Optional.ofNullable(encoder);
    }

    @Override
    public Optional<EvalImages> images() {
        return encoder == null ? Optional.empty() : Optional.ofNullable(images);
    }

    @Override
    public List<SavedClassifier> savedClassifiers() {
        return saved;
    }

    @Override
    public void progress(String line) {
        progress.add(line);
    }
}
