package ncdesign.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The layout of a run folder: the one place that knows its file names. Every module that writes or reads a run
 * resolves its files here (names and paths only; no I/O).
 * <pre>
 * runs/&lt;name&gt;/
 *   config.yaml              resolved configuration + provenance (plugins with modules/versions, seed, device, versions)
 *   metrics.jsonl            one JSON object per epoch; metrics.csv the same as a table
 *   trajectory.jsonl         NC metrics recorded during training (--nc-every); trajectory.csv the same as a table
 *   features/                Arrow feature caches (train-epoch-E.arrow, test-epoch-E.arrow per cached epoch)
 *                            and saved classifiers (classifier-&lt;evaluator&gt;.weights.npy, .bias.npy, .column.txt)
 *   checkpoints/             last.ckpt and previous.ckpt, the two newest checkpoints (atomic)
 *   summary.json             final accuracy, NC metrics and evaluator results
 *   tensorboard/             TensorBoard event files
 *   placement.json           where the graph's operations were placed; placement-metrics.json its metrics
 *   log.txt                  the run's log, fatal errors included
 *   .lock                    while a process writes the run: its pid and host (see RunLock)
 * </pre>
 */
public final class RunLayout {
    /** The resolved configuration with provenance. */
    public static final String CONFIG = "config.yaml";
    /** The checkpoints folder, its newest checkpoint and the one before it. */
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LAST_CHECKPOINT = "last.ckpt";
    public static final String PREVIOUS_CHECKPOINT = "previous.ckpt";
    /** Feature caches and saved classifiers. */
    public static final String FEATURES = "features";
    /** Final accuracy, metrics and evaluator results. */
    public static final String SUMMARY = "summary.json";
    /** One JSON object (and one CSV row) per epoch. */
    public static final String METRICS_JSONL = "metrics.jsonl";
    public static final String METRICS_CSV = "metrics.csv";
    /** NC metrics during training, one JSON object (and one CSV row) per measurement. */
    public static final String TRAJECTORY_JSONL = "trajectory.jsonl";
    public static final String TRAJECTORY_CSV = "trajectory.csv";
    /** The run's log. */
    public static final String LOG = "log.txt";
    /** The lock file of the process writing the run ({@link RunLock}); absent when none does. */
    public static final String LOCK = ".lock";
    /** TensorBoard event files. */
    public static final String TENSORBOARD = "tensorboard";
    /** Device placement of the graph and its metrics. */
    public static final String PLACEMENT = "placement.json";
    public static final String PLACEMENT_METRICS = "placement-metrics.json";
    /** Feature caches in {@link #FEATURES}: {@code <split>-epoch-<E>.arrow}. */
    public static final String CACHE_GLOB = "*.arrow";
    private static final String CACHE_SUFFIX = ".arrow";
    /** Saved classifiers in {@link #FEATURES}: {@code classifier-<evaluator>.weights.npy}, {@code .bias.npy}, {@code .column.txt}. */
    private static final String CLASSIFIER = "classifier-";
    private static final String WEIGHTS = ".weights.npy";
    private static final String BIAS = ".bias.npy";
    private static final String COLUMN = ".column.txt";

    private RunLayout() {
    }

    /** The configuration file of the run in {@code dir}. */
    public static Path config(Path dir) {
        return dir.resolve(CONFIG);
    }

    /** The last checkpoint of the run in {@code dir}. */
    public static Path lastCheckpoint(Path dir) {
        return dir.resolve(CHECKPOINTS).resolve(LAST_CHECKPOINT);
    }

    /** The checkpoint before the last one of the run in {@code dir} (a resumed run falls back to it). */
    public static Path previousCheckpoint(Path dir) {
        return dir.resolve(CHECKPOINTS).resolve(PREVIOUS_CHECKPOINT);
    }

    /** The summary of the run in {@code dir}. */
    public static Path summary(Path dir) {
        return dir.resolve(SUMMARY);
    }

    /** The per-epoch metrics of the run in {@code dir}, as JSON lines. */
    public static Path metricsJsonl(Path dir) {
        return dir.resolve(METRICS_JSONL);
    }

    /** The NC trajectory of the run in {@code dir}, as JSON lines. */
    public static Path trajectoryJsonl(Path dir) {
        return dir.resolve(TRAJECTORY_JSONL);
    }

    /** The feature caches and saved classifiers of the run in {@code dir}. */
    public static Path features(Path dir) {
        return dir.resolve(FEATURES);
    }

    /** The run folder of a feature cache or saved classifier file in its {@link #FEATURES} folder. */
    public static Path runOf(Path featuresFile) {
        return featuresFile.toAbsolutePath().getParent().getParent();
    }

    /** The training-set feature cache of epoch {@code epoch} of the run in {@code dir}. */
    public static Path trainCache(Path dir, int epoch) {
        return features(dir).resolve("train-epoch-" + epoch + CACHE_SUFFIX);
    }

    /** The test-set feature cache of epoch {@code epoch} of the run in {@code dir}. */
    public static Path testCache(Path dir, int epoch) {
        return features(dir).resolve("test-epoch-" + epoch + CACHE_SUFFIX);
    }

    /** The saved weights (K×d float32 .npy) of an evaluator's classifier in a features folder. */
    public static Path classifierWeights(Path featuresDir, String evaluator) {
        return featuresDir.resolve(CLASSIFIER + evaluator + WEIGHTS);
    }

    /** The saved biases (K float32 .npy) of an evaluator's classifier in a features folder. */
    public static Path classifierBias(Path featuresDir, String evaluator) {
        return featuresDir.resolve(CLASSIFIER + evaluator + BIAS);
    }

    /** The file naming the feature column an evaluator's saved classifier was fitted on, in a features folder. */
    public static Path classifierColumn(Path featuresDir, String evaluator) {
        return featuresDir.resolve(CLASSIFIER + evaluator + COLUMN);
    }

    /** The evaluator whose saved weights {@code fileName} is, if it is such a file. */
    public static Optional<String> classifierEvaluator(String fileName) {
        if (fileName.startsWith(CLASSIFIER) && fileName.endsWith(WEIGHTS) && fileName.length() > CLASSIFIER.length() + WEIGHTS.length()) {
            return Optional.of(fileName.substring(CLASSIFIER.length(), fileName.length() - WEIGHTS.length()));
        }
        return Optional.empty();
    }
}
