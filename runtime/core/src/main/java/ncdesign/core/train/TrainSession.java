package ncdesign.core.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.error.UserException;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.metric.MetricValue;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;
import ncdesign.core.dist.Replicas;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;
import ncdesign.io.RunLayout;

/**
 * A model graph with its session: initialisation, one training step, feature extraction (through
 * {@link FeatureExtractor}), checkpoints and the end-of-run analysis. The step loop is {@link TrainLoop}.
 */
public final class TrainSession implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TrainSession.class);

    final Trainer.Plan plan;
    final TrainConfig cfg;
    final InputSpec spec;
    final ModelGraph model;
    final Session session;
    /** The data-parallel job this session is a worker of, or null. */
    final Replicas replicas;
    private final FeatureExtractor features;
    /** Where the restored checkpoint left off (0 and 0 for fresh weights); a resumed run continues from there. */
    private long restoredStep;
    private int restoredEpochs;
    private Map<String, Double> restoredState = Map.of();

    private TrainSession(Trainer.Plan plan, TrainConfig cfg, InputSpec spec, ModelGraph model, Session session, Replicas replicas,
                         String device, String metricsDevice) {
        this.plan = plan;
        this.cfg = cfg;
        this.spec = spec;
        this.model = model;
        this.session = session;
        this.replicas = replicas;
        this.device = device;
        this.metricsDevice = metricsDevice;
        this.features = new FeatureExtractor(this);
    }

    public static TrainSession open(Trainer.Plan plan, InputSpec spec, TrainConfig cfg) {
        return open(plan, spec, cfg, null);
    }

    /** With {@code replicas}: the session of one worker of a data-parallel job, on that worker's server. */
    static TrainSession open(Trainer.Plan plan, InputSpec spec, TrainConfig cfg, Replicas replicas) {
        String device = Devices.resolve(cfg.device());
        String metricsDevice = MetricDevice.resolve(cfg.metricsDevice(), device); // a bad value stops the run here
        String precision = cfg.precision();
        String how = Devices.precisionPlan(device, precision);
        Devices.checkXla(device, cfg.xla());
        ModelGraph g;
        try {
            g = new ModelGraph(plan.backbone(), plan.loss(), spec,
                    ncdesign.data.DatasetCatalog.normalisation(cfg.dataset(), spec.channels()), cfg.seed(),
                    cfg.momentum(), cfg.weightDecay(),
                    label(plan.backboneInfo()), label(plan.lossInfo()),
                    cfg.skipDivergent(), plan.head(), replicas, precision.equals("fp16"));
            if (replicas != null) {
                replicas.prepareExchange(g.tf);
            }
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new PluginException("building the model failed (backbone '" + plan.backboneInfo().name() + "' from "
                    + plan.backboneInfo().module() + ", loss '" + plan.lossInfo().name() + "' from " + plan.lossInfo().module()
                    + "): " + ncdesign.core.plugin.PluginCalls.describe(e), e);
        }
        ConfigProto config = Devices.sessionConfig(cfg, device);
        Session s = replicas == null ? new Session(g.graph, config) : replicas.openSession(g.graph, config);
        LOG.info("device {}, precision {}: {}{}", device, precision, how, cfg.xla() ? ", XLA" : "");
        TrainSession ts = new TrainSession(plan, cfg, spec, g, s, replicas, device, metricsDevice);
        ts.initialize();
        return ts;
    }

    private static String label(ncdesign.core.plugin.PluginInfo p) {
        return p.kind().label() + " '" + p.name() + "' (module " + p.module() + ")";
    }

    /** The device this session runs on: {@code cpu} or {@code gpu:N}. */
    private final String device;
    /** What the first traced step executed (null before it). */
    private Placement placement;
    private boolean traced;

    /** Whether the model has a classifier of its own (learned or fixed prototypes). */
    public boolean hasClassifier() {
        return model.evalPredictions != null;
    }

    /** The graph the session runs (for benchmarks that inspect its operations). */
    public org.tensorflow.Graph graph() {
        return model.graph;
    }

    /** Whether the model has a projection head (SCL). */
    public boolean hasHead() {
        return model.evalHead != null;
    }

    public String device() {
        return device;
    }

    /** What the first training step executed where, or null before it ran. */
    public Placement placement() {
        return placement;
    }

    /** Steps behind the weights restored by {@link #restore} (0 for fresh weights). */
    public long restoredStep() {
        return restoredStep;
    }

    /** Epochs behind the weights restored by {@link #restore} (0 for fresh weights). */
    public int restoredEpochs() {
        return restoredEpochs;
    }

    /** Whether the model counts correctly classified samples during training. */
    boolean hasCorrect() {
        return model.correct != null;
    }

    /** Whether a step can be skipped ({@code --on-divergence skip}, float16 loss scaling). */
    boolean canSkip() {
        return model.stepApplied != null;
    }

    /** The inference branch: evaluation passes, feature caches and in-memory feature sets. */
    FeatureExtractor features() {
        return features;
    }

    /** Where the metrics' heavy linear algebra runs, as {@link MetricDevice#resolve} chose it: java, cpu or gpu:N. */
    private final String metricsDevice;
    private ncdesign.api.metric.MetricKernels metricKernels;
    /** Where the metric kernels' traced runs executed (empty for Java metrics); written to placement-metrics.json. */
    private final List<Placement> metricPlacements = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Where this run's metrics do their heavy linear algebra ({@code --metrics-device}); null for Java. */
    ncdesign.api.metric.MetricKernels metricKernels() {
        if (metricKernels == null) {
            metricKernels = MetricDevice.on(metricsDevice, cfg.threads(), p -> {
                if (!metricPlacements.contains(p)) { // one record per distinct graph layout, however often trajectories measure
                    metricPlacements.add(p);
                }
            });
        }
        return metricKernels;
    }

    private void initialize() {
        for (RuntimeVariables.Entry e : model.vars.entries()) {
            session.run(e.init());
        }
    }

    /**
     * The end of a run on the chief, {@code step} steps and {@code epochsDone} epochs in: NC metrics on the final
     * feature caches, the evaluators, summary.json and the report on {@code out}.
     *
     * @param finalWeights with replicas, the weight hash all workers agreed on at the end; else null
     * @param failures     receives the metrics and evaluators that fail (summary.json lists them)
     */
    Trainer.Result finish(RunFolder run, TrainingData data, double testAcc, long step, int epochsDone, String finalWeights,
                          PrintStream out, Failures failures) throws IOException {
        Path trainCache = RunLayout.trainCache(run.dir, epochsDone);
        Path testCache = RunLayout.testCache(run.dir, epochsDone);
        List<MetricValue> metrics = Analysis.metrics(plan.metrics(), trainCache, metricKernels(), failures);
        Map<String, List<MetricValue>> perClassifier = new LinkedHashMap<>();
        java.util.Optional<ncdesign.api.eval.TrainedEncoder> encoder = ModelEncoder.of(() -> this, data.augment(), data.spec(), cfg);
        List<EvalResult> evals = Analysis.evaluate(plan.evaluators(), data, trainCache, testCache,
                epoch -> encodeToMemory(data, epoch), encoder, encoder.map(e -> RunImages.of(data, cfg)),
                plan.metrics(), perClassifier, metricKernels(), failures);
        if (!metricPlacements.isEmpty()) {
            ncdesign.io.AtomicFiles.writeString(run.dir.resolve(RunLayout.PLACEMENT_METRICS), ncdesign.io.Json.write(
                    Map.of("device", metricKernels().device(), "traced_runs", metricPlacements.stream().map(Placement::json).toList())) + "\n");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run", run.dir.toString());
        summary.put("steps", step);
        summary.put("epochs", epochsDone);
        summary.put("test_accuracy", testAcc);
        if (replicas != null) {
            summary.put("workers", replicas.size());
            summary.put("weights_sha256", finalWeights);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (MetricValue v : metrics) {
            m.put(v.name(), MetricJson.of(v));
        }
        summary.put("metrics", m);
        List<Object> ev = new ArrayList<>();
        for (EvalResult r : evals) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("evaluator", r.evaluator());
            e.put("accuracy", r.accuracy());
            e.put("seconds", r.seconds());
            e.put("encoder_passes", r.encoderPasses());
            e.putAll(r.values());
            Map<String, Object> nc = new LinkedHashMap<>();
            for (MetricValue v : perClassifier.getOrDefault(r.evaluator(), List.of())) {
                nc.put(v.name(), MetricJson.of(v));
            }
            if (!nc.isEmpty()) {
                e.put("metrics", nc);
            }
            ev.add(e);
        }
        summary.put("evaluations", ev);
        if (!failures.all().isEmpty()) {
            summary.put("failed", failures.json());
        }
        run.writeSummary(summary);
        Report.print(out, run.dir, testAcc, metrics, evals, perClassifier);
        return new Trainer.Result(run.dir, testAcc, metrics, evals);
    }

    /** One training step at a fixed learning rate, for benchmarks. */
    public void benchStep(Batch b) {
        step(b, cfg.lr(), 0, 0);
    }

    /** One training step with {@code done} steps done so far; the first one traces its placement. */
    StepResult step(Batch b, double lr, long done, int epoch) {
        try (TUint8 x = pixels(b.pixels(), b.size());
             TUint8 x2 = model.images2 == null ? null : pixels(b.pixels2(), b.size());
             TInt32 y = TInt32.vectorOf(b.labels());
             TInt32 ids = TInt32.vectorOf(b.sampleIds());
             TFloat32 lrT = TFloat32.scalarOf((float) lr)) {
            Session.Runner r = session.runner()
                    .feed(model.images, x).feed(model.labels, y).feed(model.sampleIds, ids).feed(model.learningRate, lrT)
                    .addTarget(model.trainOp)
                    .fetch(model.loss);
            if (x2 != null) {
                r.feed(model.images2, x2);
            }
            if (model.correct != null) {
                r.fetch(model.correct);
            }
            for (Operand<TFloat32> d : model.diagnostics.values()) {
                r.fetch(d);
            }
            if (model.stepApplied != null) {
                r.fetch(model.stepApplied);
            }
            try (Result res = traced ? r.run() : Placement.runTraced(r, device, p -> {
                placement = p;
                LOG.info("first step: {}", p.summary());
                p.check();
            })) {
                traced = true;
                int k = 0;
                double loss = ((TFloat32) res.get(k++)).getFloat();
                double correct = model.correct == null ? 0 : ((TFloat32) res.get(k++)).getFloat();
                Map<String, Double> diagnostics = new LinkedHashMap<>();
                for (String d : model.diagnostics.keySet()) {
                    diagnostics.put(d, (double) ((TFloat32) res.get(k++)).getFloat());
                }
                boolean skipped = model.stepApplied != null && ((TFloat32) res.get(res.size() - 1)).getFloat() == 0;
                int globalSize = replicas == null ? b.size() : b.size() * replicas.size(); // loss and correct are job-wide
                return new StepResult(done + 1, epoch, lr, globalSize, loss, correct, diagnostics, skipped);
            }
        }
    }

    TUint8 pixels(byte[] data, int n) {
        return TUint8.tensorOf(Shape.of(n, spec.height(), spec.width(), spec.channels()), DataBuffers.of(data, true, false));
    }

    /** Encoder (and head) features of the training set under augmentation, for probe epoch {@code epoch}. */
    ncdesign.api.metric.FeatureSet encodeToMemory(TrainingData data, int epoch) {
        try (BatchStream stream = data.augmentedStream(epoch, cfg.evalBatch())) {
            return collect(stream, data.train().size(), false, spec.numClasses());
        }
    }

    /**
     * Runs the inference branch over a stream into an in-memory feature set: encoder features, head features when
     * the model has a head, and (when asked and the model has a classifier) predictions and the current classifier;
     * the labels are of a dataset with {@code numClasses} classes (the run's own, or another one for transfer).
     */
    public ncdesign.features.MemoryFeatureSet collect(BatchStream stream, int n, boolean withClassifier, int numClasses) {
        return features.collect(stream, n, withClassifier, numClasses);
    }

    public float[][] matrix(Operand<TFloat32> op) {
        try (Result r = session.runner().fetch(op).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            int rows = (int) t.shape().get(0);
            int cols = (int) t.shape().get(1);
            float[] flat = new float[rows * cols];
            t.copyTo(DataBuffers.of(flat, false, false));
            float[][] m = new float[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, i * cols, m[i], 0, cols);
            }
            return m;
        }
    }

    public float[] vector(Operand<TFloat32> op) {
        try (Result r = session.runner().fetch(op).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] v = new float[(int) t.shape().get(0)];
            t.copyTo(DataBuffers.of(v, false, false));
            return v;
        }
    }

    /** Restores every variable from a checkpoint, naming any mismatch (other backbone, other K). */
    public void restore(Path file) {
        restore(file, Checkpoint.read(file));
    }

    /** Restores every variable from checkpoint {@code c} read from {@code file}, and where it left off. */
    void restore(Path file, Checkpoint c) {
        Checkpoints.load(this, file, c);
        restoredStep = ((Number) c.meta().get("step")).longValue();
        restoredEpochs = ((Number) c.meta().get("epoch")).intValue();
        restoredState = Checkpoints.state(c);
    }

    /** The listeners' running totals saved with the restored checkpoint (empty for fresh weights). */
    Map<String, Double> restoredState() {
        return restoredState;
    }

    @Override
    public void close() {
        session.close();
        model.graph.close();
    }
}
