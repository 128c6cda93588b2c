package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.PluginKind;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.param.Params;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.Split;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.data.Augment;
import ncdesign.data.BatchStream;
import ncdesign.data.Dataset;
import ncdesign.features.MemoryFeatureSet;
import ncdesign.io.RunLayout;

/**
 * A trained run opened for use: its configuration, plugins, data and last checkpoint. Transfer, robustness, export
 * and evaluation open runs through this one facade. The training data and the TensorFlow session are loaded only
 * when asked for, so export (which builds its own frozen graph) pays for neither.
 */
public final class TrainedModel implements AutoCloseable {
    private final Path dir;
    private final TrainConfig cfg;
    private final PluginRegistry registry;
    private final Trainer.Plan plan;
    private TrainingData data;
    private TrainSession session;

    private TrainedModel(Path dir, TrainConfig cfg, PluginRegistry registry, Trainer.Plan plan) {
        this.dir = dir;
        this.cfg = cfg;
        this.registry = registry;
        this.plan = plan;
    }

    /** Opens {@code dir}; {@code purpose} ("export", "transfer from", ...) words the error when it is not a trained run. */
    public static TrainedModel open(Path dir, String purpose) {
        return open(dir, purpose, Map.of());
    }

    /** The same, with settings that override the recorded ones (for example another {@code data-dir}). */
    public static TrainedModel open(Path dir, String purpose, Map<String, Object> overrides) {
        if (!isTrained(dir)) {
            throw new DataException("cannot " + purpose + " " + dir + ": it is not a trained run (it needs "
                    + RunLayout.CONFIG + " and " + RunLayout.CHECKPOINTS + "/" + RunLayout.LAST_CHECKPOINT
                    + "); pass a run folder made by ncd train");
        }
        TrainConfig cfg = TrainConfig.resolve(RunLayout.config(dir), overrides, Map.of(), Map.of());
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        return new TrainedModel(dir, cfg, reg, Trainer.plan(cfg, reg));
    }

    /** Whether {@code dir} holds a configuration and a checkpoint. */
    public static boolean isTrained(Path dir) {
        return Files.isRegularFile(RunLayout.config(dir)) && Files.isRegularFile(RunLayout.lastCheckpoint(dir));
    }

    public Path dir() {
        return dir;
    }

    public TrainConfig config() {
        return cfg;
    }

    public PluginRegistry registry() {
        return registry;
    }

    public Trainer.Plan plan() {
        return plan;
    }

    public Path checkpoint() {
        return RunLayout.lastCheckpoint(dir);
    }

    /** The checkpoint's variables and metadata, without a TensorFlow session. */
    public Checkpoint readCheckpoint() throws IOException {
        return Checkpoint.read(checkpoint());
    }

    /** The run's training and test data (loaded on first use). */
    public TrainingData data() {
        if (data == null) {
            data = TrainingData.load(cfg, plan.twoViews());
        }
        return data;
    }

    public InputSpec spec() {
        return data().spec();
    }

    /** The evaluation transform the model was trained with (normalisation, no augmentation). */
    public Augment augment() {
        return data().augment();
    }

    /** The session holding the checkpoint's weights (opened and restored on first use). */
    public TrainSession session() {
        if (session == null) {
            TrainSession s = TrainSession.open(plan, spec(), cfg);
            try {
                s.restore(checkpoint());
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            session = s;
        }
        return session;
    }

    /** Whether the model has a classifier of its own (a loss with learned or fixed prototypes). */
    public boolean hasClassifier() {
        return session().hasClassifier();
    }

    /**
     * Encodes {@code images} (already at the model's input size) with the frozen encoder: features of the layer the
     * evaluators see, with the classifier's predictions when {@code withPredictions} and the model has a classifier.
     */
    public MemoryFeatureSet encode(Dataset images, boolean withPredictions) {
        int batch = cfg.evalBatch();
        try (BatchStream st = BatchStream.eval(images, augment(), batch, cfg.threads())) {
            return session().collect(st, images.size(), withPredictions, images.numClasses());
        }
    }

    /** The frozen encoder for evaluators, or empty for the unconstrained-features model ('free'). */
    public Optional<TrainedEncoder> encoder() {
        return ModelEncoder.of(this::session, augment(), spec(), cfg);
    }

    /** The classifiers evaluators saved in the run folder, in the order they ran. */
    public List<SavedClassifier> savedClassifiers() {
        return SavedClassifiers.read(dir);
    }

    /**
     * A context for evaluators that run on this model after training: its encoder, {@code images}, and its saved
     * classifiers; the train and test features are encoded when an evaluator first asks for them.
     */
    public EvalContext evalContext(RunImages images, Consumer<String> progress) {
        Optional<TrainedEncoder> encoder = encoder();
        Map<Split, FeatureSet> encoded = new EnumMap<>(Split.class);
        return new EvalContext() {
            @Override
            public int numClasses() {
                return spec().numClasses();
            }

            @Override
            public List<String> classNames() {
                return data().classNames();
            }

            @Override
            public FeatureSet features(Split split) {
                return encoded.computeIfAbsent(split, s -> encode(data().split(s), true));
            }

            @Override
            public long encoderPasses(Split split) {
                return data().split(split).size();
            }

            @Override
            public FeatureSet augmentedTrainFeatures(int epoch) {
                return session().encodeToMemory(data(), epoch);
            }

            @Override
            public long seed() {
                return cfg.seed();
            }

            @Override
            public Optional<TrainedEncoder> encoder() {
                return encoder;
            }

            @Override
            public Optional<EvalImages> images() {
                return encoder.isPresent() ? Optional.of(images) : Optional.empty();
            }

            @Override
            public List<SavedClassifier> savedClassifiers() {
                return TrainedModel.this.savedClassifiers();
            }

            @Override
            public void progress(String line) {
                progress.accept(line);
            }
        };
    }

    /**
     * Runs evaluator {@code name} with {@code params} on this model (see {@link #evalContext}). A data error (a
     * missing dataset or corruption file) comes out as itself, not as a failure of the plugin.
     */
    public EvalResult evaluate(String name, Map<String, Object> params, RunImages images, Consumer<String> progress) {
        if (encoder().isEmpty()) {
            throw new DataException(dir + " uses the unconstrained-features model ('free'), which has no image encoder;"
                    + " pass a run trained with an image backbone");
        }
        PluginInfo info = registry.get(PluginKind.EVALUATOR, name);
        EvaluatorProvider ep = (EvaluatorProvider) info.provider();
        Params p = Params.resolve("evaluator '" + name + "'", ep.parameters(), params);
        EvalContext ctx = evalContext(images, progress);
        try {
            return Trainer.create(info, () -> ep.create(p).evaluate(ctx));
        } catch (PluginException e) {
            if (e.getCause() instanceof DataException d) {
                throw d;
            }
            throw e;
        }
    }

    /** Encodes {@code images} and returns them as a feature set (no predictions). */
    public FeatureSet features(Dataset images) {
        return encode(images, false);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
