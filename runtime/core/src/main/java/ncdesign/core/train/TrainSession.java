package ncdesign.core.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.MetricValue;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.train.MetricJson;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;
import ncdesign.core.dist.Replicas;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** A model graph with its session: initialisation, training steps, feature extraction and checkpoints. */
public final class TrainSession implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TrainSession.class);

    final Trainer.Plan plan;
    final TrainConfig cfg;
    final InputSpec spec;
    final ModelGraph model;
    final Session session;
    /** The data-parallel job this session is a worker of, or null. */
    final Replicas replicas;
    /** With replicas: compare the workers' weights every this many steps (0 = only at the start and the end). */
    int checkEvery;
    long step;
    int epochsDone;

    private TrainSession(Trainer.Plan plan, TrainConfig cfg, InputSpec spec, ModelGraph model, Session session, Replicas replicas) {
        this.plan = plan;
        this.cfg = cfg;
        this.spec = spec;
        this.model = model;
        this.session = session;
        this.replicas = replicas;
    }

    public static TrainSession open(Trainer.Plan plan, InputSpec spec, TrainConfig cfg) {
        return open(plan, spec, cfg, null);
    }

    /** With {@code replicas}: the session of one worker of a data-parallel job, on that worker's server. */
    static TrainSession open(Trainer.Plan plan, InputSpec spec, TrainConfig cfg, Replicas replicas) {
        String device = Devices.resolve(cfg.options().getString("device"));
        String metricsDevice = MetricDevice.resolve(cfg.options().getString("metrics-device"), device); // a bad value stops the run here
        String precision = cfg.options().getString("precision");
        String how = Devices.precisionPlan(device, precision);
        Devices.checkXla(device, cfg.options().getBoolean("xla"));
        ModelGraph g;
        try {
            g = new ModelGraph(plan.backbone(), plan.loss(), spec,
                    ncdesign.data.DatasetCatalog.normalisation(cfg.dataset(), spec.channels()), cfg.seed(),
                    cfg.options().getDouble("momentum"), cfg.options().getDouble("weight-decay"),
                    label(plan.backboneInfo()), label(plan.lossInfo()),
                    cfg.options().getString("on-divergence").equals("skip"), plan.head(), replicas, precision.equals("fp16"));
            if (replicas != null) {
                replicas.prepareExchange(g.tf);
            }
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PluginException("building the model failed (backbone '" + plan.backboneInfo().name() + "' from "
                    + plan.backboneInfo().module() + ", loss '" + plan.lossInfo().name() + "' from " + plan.lossInfo().module()
                    + "): " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
        ConfigProto config = Devices.sessionConfig(cfg, device);
        Session s = replicas == null ? new Session(g.graph, config) : replicas.openSession(g.graph, config);
        LOG.info("device {}, precision {}: {}{}", device, precision, how, cfg.options().getBoolean("xla") ? ", XLA" : "");
        TrainSession ts = new TrainSession(plan, cfg, spec, g, s, replicas);
        ts.device = device;
        ts.metricsDevice = metricsDevice;
        ts.initialize();
        return ts;
    }

    private static String label(ncdesign.core.plugin.PluginInfo p) {
        return p.kind().label() + " '" + p.name() + "' (module " + p.module() + ")";
    }

    /** The device this session runs on: {@code cpu} or {@code gpu:N}. */
    private String device = "cpu";
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

    /** Where the metrics' heavy linear algebra runs, as {@link MetricDevice#resolve} chose it: java, cpu or gpu:N. */
    private String metricsDevice = "java";
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

    /** Trains all epochs, writing records, caches, checkpoints, metrics and evaluations into {@code run}. */
    Trainer.Result train(RunFolder run, TrainingData data, PrintStream out) throws IOException {
        int epochs = cfg.epochs();
        int batch = cfg.batch();
        long perEpoch = data.train().size() / batch;
        if (perEpoch == 0) {
            throw new PluginException("batch size " + batch + " exceeds the training set size " + data.train().size() + "; lower --batch");
        }
        long total = (long) epochs * perEpoch;
        if (cfg.maxSteps() > 0) {
            total = Math.min(total, cfg.maxSteps());
        }
        int lastEpoch = (int) Math.min(epochs, (total + perEpoch - 1) / perEpoch);
        long warmup = Math.round(cfg.options().getDouble("warmup-epochs") * perEpoch);
        Schedule schedule = new Schedule(cfg.lr(), warmup, total);
        if (replicas != null && !replicas.chief()) {
            return follow(data, schedule, total, lastEpoch, batch);
        }
        Progress progress = new Progress(out == Trainer.QUIET ? Trainer.QUIET : System.err, total);
        LOG.info("training {} epochs x {} steps of batch {} ({} steps), run folder {}", lastEpoch, perEpoch, batch, total, run.dir);
        ncdesign.core.train.TensorBoardWriter tb = new ncdesign.core.train.TensorBoardWriter(run.dir.resolve("tensorboard"));
        try {
            return trainWith(run, data, out, tb, schedule, progress, perEpoch, total, lastEpoch, epochs, batch);
        } finally {
            tb.close();
        }
    }

    private Trainer.Result trainWith(RunFolder run, TrainingData data, PrintStream out, ncdesign.core.train.TensorBoardWriter tb,
                                     Schedule schedule, Progress progress, long perEpoch, long total, int lastEpoch, int epochs,
                                     int batch) throws IOException {
        double testAcc = Double.NaN;
        Map<String, Double> diagTotals = new LinkedHashMap<>();
        long skipped = 0;
        boolean placementWritten = Files.exists(run.dir.resolve("placement.json")); // checked once, not every step
        int ncEvery = cfg.options().getInt("nc-every");
        Trajectory trajectory = ncEvery > 0 && !plan.metrics().isEmpty()
                ? new Trajectory(run, data, plan.metrics(), ncEvery, cfg.options().getInt("nc-subset"), cfg.seed(),
                        cfg.options().getInt("eval-batch"), epochsDone)
                : null;
        for (int epoch = epochsDone + 1; epoch <= lastEpoch; epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            double correct = 0;
            long seen = 0;
            long inEpoch = 0;
            try (BatchStream stream = trainStream(data, epoch, batch)) {
                while (stream.hasNext() && step < total) {
                    Batch b = stream.next();
                    double lr = schedule.at(step);
                    if (trajectory != null && step % trajectory.every() == 0) {
                        trajectory.measure(this, step, epoch, tb);
                    }
                    double[] f = replicaStep(b, lr);
                    if (placement != null && !placementWritten) {
                        ncdesign.io.AtomicFiles.writeString(run.dir.resolve("placement.json"),
                                ncdesign.io.Json.write(placement.json()) + "\n");
                        placementWritten = true;
                    }
                    step++;
                    inEpoch++;
                    if (f[f.length - 1] == 0) {
                        skipped++;
                        if (cfg.options().getString("precision").equals("fp16") && Double.isFinite(f[0])) {
                            LOG.debug("step {}: float16 gradients overflowed; step skipped and the loss scale halved ({} so far)", step, skipped);
                        } else {
                            LOG.warn("step {}: loss {} or a gradient is not finite; batch skipped ({} so far)", step, f[0], skipped);
                        }
                        continue;
                    }
                    if (!Double.isFinite(f[0])) {
                        throw new PluginException(String.format(Locale.ROOT,
                                "training diverged at step %d (epoch %d): loss = %s; the last good checkpoint is in %s;"
                                        + " try a lower --lr (now %g)%s", step, epoch, f[0], run.dir.resolve("checkpoints"), lr,
                                plan.lossParams().asMap().containsKey("tau") ? " or a higher --tau (now " + plan.lossParams().getDouble("tau") + ")" : ""));
                    }
                    int globalSize = replicas == null ? b.size() : b.size() * replicas.size(); // loss and correct are job-wide
                    lossSum += f[0] * globalSize;
                    correct += f[1];
                    seen += globalSize;
                    int k = 2;
                    for (String d : model.diagnostics.keySet()) {
                        diagTotals.merge(d, f[k++], Double::sum);
                    }
                    progress.step(epoch, lastEpoch, step, inEpoch, Math.min(perEpoch, total - (long) (epoch - 1) * perEpoch),
                            globalSize, lossSum / seen, model.correct == null ? Double.NaN : correct / seen);
                }
            }
            boolean last = epoch == lastEpoch;
            boolean cache = last || cfg.options().getIntList("cache-epochs").contains(epoch);
            Encoded test = encode(data, Split.TEST, cache ? run.dir.resolve("features").resolve("test-epoch-" + epoch + ".arrow") : null, epoch);
            if (cache) {
                encode(data, Split.TRAIN, run.dir.resolve("features").resolve("train-epoch-" + epoch + ".arrow"), epoch);
            }
            testAcc = test.accuracy();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", epoch);
            row.put("step", step);
            row.put("lr", schedule.at(Math.max(0, step - 1)));
            row.put("train_loss", lossSum / Math.max(1, seen));
            row.put("train_accuracy", model.correct == null ? Double.NaN : correct / Math.max(1, seen));
            row.put("test_loss", test.loss());
            row.put("test_accuracy", test.accuracy());
            row.put("seconds", (System.nanoTime() - t0) / 1e9);
            row.put("rss_mb", Resources.residentMegabytes());
            row.put("run_dir_mb", Resources.folderMegabytes(run.dir));
            diagTotals.forEach(row::put);
            if (model.stepApplied != null) {
                row.put("skipped_batches", skipped);
            }
            run.record(row);
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (e.getValue() instanceof Number nv && !e.getKey().equals("epoch") && !e.getKey().equals("step")) {
                    tb.scalar(e.getKey(), step, nv.doubleValue());
                }
            }
            tb.flush();
            LOG.info(String.format(Locale.ROOT, "epoch %d: train loss %.4f, test loss %.4f%s",
                    epoch, lossSum / Math.max(1, seen), test.loss(),
                    Double.isNaN(test.accuracy()) ? "" : String.format(Locale.ROOT, ", test accuracy %.2f%%", 100 * test.accuracy())));
            epochsDone = epoch;
            saveCheckpoint(run.dir.resolve("checkpoints").resolve("last.ckpt"));
        }
        if (trajectory != null && trajectory.lastStep() != step) {
            trajectory.measure(this, step, epochsDone, tb); // always a point at the end
        }
        diagTotals.forEach((k, v) -> {
            if (v > 0) {
                LOG.warn("{}: {} over the run", k, v.longValue());
            }
        });
        if (replicas != null) {
            finalWeights = checkWeights("the end of training");
            replicas.monitor().finished();
        }
        return finish(run, data, testAcc, out);
    }

    private Trainer.Result finish(RunFolder run, TrainingData data, double testAcc, PrintStream out) throws IOException {
        Path trainCache = run.dir.resolve("features").resolve("train-epoch-" + epochsDone + ".arrow");
        Path testCache = run.dir.resolve("features").resolve("test-epoch-" + epochsDone + ".arrow");
        List<MetricValue> metrics = Analysis.metrics(plan.metrics(), trainCache, metricKernels());
        Map<String, List<MetricValue>> perClassifier = new LinkedHashMap<>();
        java.util.Optional<ncdesign.api.eval.TrainedEncoder> encoder = ModelEncoder.of(() -> this, data.augment(), data.spec(), cfg);
        List<EvalResult> evals = Analysis.evaluate(plan.evaluators(), data, trainCache, testCache,
                epoch -> encodeToMemory(data, epoch), encoder, encoder.map(e -> RunImages.of(data, cfg)),
                plan.metrics(), perClassifier, metricKernels());
        if (!metricPlacements.isEmpty()) {
            ncdesign.io.AtomicFiles.writeString(run.dir.resolve("placement-metrics.json"), ncdesign.io.Json.write(
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
        run.writeSummary(summary);
        Report.print(out, run.dir, testAcc, metrics, evals, perClassifier);
        return new Trainer.Result(run.dir, testAcc, metrics, evals);
    }

    /**
     * Data-parallel runs, before anything is written: waits for every worker to join and checks that all start from
     * the same weights (same configuration, same checkpoint).
     */
    void joinReplicas() {
        checkWeights("the start (waiting for all " + replicas.size() + " workers to join)");
    }

    /** Weight hash agreed by all workers at the end of training (data-parallel runs). */
    private String finalWeights;

    private BatchStream trainStream(TrainingData data, int epoch, int batch) {
        return replicas == null ? data.trainStream(epoch, batch) : data.trainShard(epoch, batch, replicas.task(), replicas.size());
    }

    /** One step; with replicas, timed by the failure detector, and the weights compared every {@link #checkEvery} steps. */
    private double[] replicaStep(Batch b, double lr) {
        if (replicas == null) {
            return step(b, lr);
        }
        double[] f;
        replicas.monitor().stepStarted("step " + (step + 1));
        try {
            f = step(b, lr);
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            replicas.fail("the all-reduce of step " + (step + 1) + " with the other workers failed: "
                    + String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).limit(2).reduce((x, y) -> x + " " + y).orElse("")
                    + "; another worker has probably stopped");
            throw e;
        }
        replicas.monitor().stepFinished();
        if (checkEvery > 0 && (step + 1) % checkEvery == 0) {
            checkWeights("step " + (step + 1));
        }
        return f;
    }

    /**
     * A worker other than the chief: the same steps on its own shard of every global batch, nothing written; the chief
     * evaluates, caches and checkpoints while the others wait at the next all-reduce.
     */
    private Trainer.Result follow(TrainingData data, Schedule schedule, long total, int lastEpoch, int batch) {
        LOG.info("worker {} of {}: training {} steps on its shard ({} of each global batch of {})", replicas.task(), replicas.size(),
                total - step, batch / replicas.size(), batch);
        for (int epoch = epochsDone + 1; epoch <= lastEpoch; epoch++) {
            try (BatchStream stream = trainStream(data, epoch, batch)) {
                while (stream.hasNext() && step < total) {
                    Batch b = stream.next();
                    double[] f = replicaStep(b, schedule.at(step));
                    step++;
                    if (f[f.length - 1] != 0 && !Double.isFinite(f[0])) {
                        throw new PluginException("training diverged at step " + step + " (epoch " + epoch + "): loss = " + f[0]
                                + "; worker 0 keeps the last good checkpoint");
                    }
                }
            }
            epochsDone = epoch;
            LOG.info("worker {}: epoch {} done (step {})", replicas.task(), epoch, step);
        }
        String hash = checkWeights("the end of training");
        replicas.monitor().finished();
        try {
            Thread.sleep(1000); // let the others finish reading this worker's part of the last collective
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("worker " + replicas.task() + " of " + replicas.size() + ": " + step + " steps; weights sha256 " + hash
                + " (identical on all workers); worker 0 writes the run folder");
        return new Trainer.Result(null, Double.NaN, List.of(), List.of());
    }

    /**
     * All workers exchange a hash of their trainable variables and optimizer state (a barrier); a difference stops the
     * job. BatchNorm running statistics are per worker and not compared. Returns the hash (hex).
     */
    private String checkWeights(String where) {
        byte[] digest = weightsDigest();
        long mine = java.nio.ByteBuffer.wrap(digest).getLong();
        replicas.monitor().stepStarted(where);
        long config = configHash();
        long[] all;
        try {
            all = replicas.exchange(session, mine, config);
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            replicas.fail("exchanging weight hashes with the other workers at " + where + " failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; another worker has probably stopped");
            throw e;
        }
        replicas.monitor().stepFinished();
        for (int i = 0; i < all.length / 2; i++) {
            if (all[2 * i + 1] != config) {
                replicas.failMismatch("worker " + i + " was started with other training options than worker " + replicas.task()
                        + " (options hash " + Long.toHexString(all[2 * i + 1]) + " vs " + Long.toHexString(config)
                        + "); give every worker the same options (ncd launch does), only --task differs");
            }
            if (all[2 * i] != mine) {
                replicas.failMismatch(String.format(Locale.ROOT, "the weights of worker %d (%016x) differ from worker %d's (%016x) at %s;"
                        + " the workers did not start from the same checkpoint, or their arithmetic differs (TensorFlow builds, CPUs)",
                        i, all[2 * i], replicas.task(), mine, where));
            }
        }
        String hex = java.util.HexFormat.of().formatHex(digest, 0, 8);
        LOG.info("weights identical on all {} workers at {} (sha256 {})", replicas.size(), where.replaceFirst(" \\(.*", ""), hex);
        return hex;
    }

    /** Options that change what is trained (not where files go or how many threads): equal on every worker. */
    private long configHash() {
        Map<String, Object> m = new java.util.TreeMap<>(cfg.asMap());
        for (String k : List.of("out", "name", "data-dir", "threads", "plugins", "device", "eval-batch")) {
            m.remove(k);
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(String.valueOf(m).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the trainable variables and the optimizer's momenta (not BatchNorm statistics, which stay per worker). */
    byte[] weightsDigest() {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (RuntimeVariables.Entry e : model.vars.entries()) {
            if (!e.trainable() && !e.name().startsWith("optimizer/")) {
                continue;
            }
            try (Result r = session.runner().fetch(e.read()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * v.length);
                bb.asFloatBuffer().put(v);
                md.update(e.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(bb.array());
            }
        }
        return md.digest();
    }

    /** One training step at a fixed learning rate, for benchmarks. */
    public void benchStep(Batch b) {
        step(b, cfg.lr());
    }

    /** One training step; returns loss, correct count, then the diagnostics. */
    private double[] step(Batch b, double lr) {
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
                double[] out = new double[3 + model.diagnostics.size()];
                out[2 + model.diagnostics.size()] = model.stepApplied == null ? 1
                        : ((TFloat32) res.get(res.size() - 1)).getFloat();
                int k = 0;
                out[0] = ((TFloat32) res.get(k++)).getFloat();
                out[1] = model.correct == null ? 0 : ((TFloat32) res.get(k++)).getFloat();
                for (int i = 0; i < model.diagnostics.size(); i++) {
                    out[2 + i] = ((TFloat32) res.get(k++)).getFloat();
                }
                return out;
            }
        }
    }

    private TUint8 pixels(byte[] data, int n) {
        return TUint8.tensorOf(Shape.of(n, spec.height(), spec.width(), spec.channels()), DataBuffers.of(data, true, false));
    }

    /** Accuracy and mean loss of a pass over a split. */
    record Encoded(double accuracy, double loss) {
    }

    /** Runs the inference branch over a split in order; writes an Arrow feature cache when {@code cacheFile} is set. */
    Encoded encode(TrainingData data, Split split, Path cacheFile, int epoch) throws IOException {
        float[][] w = model.classifierWeights == null ? null : matrix(model.classifierWeights);
        float[] bias = model.classifierBias == null ? null : vector(model.classifierBias);
        int d = model.featureDim;
        long correct = 0;
        double lossSum = 0;
        long n = 0;
        int hd = model.headDim;
        try (FeatureSink sink = cacheFile == null ? FeatureSink.NONE
                : FeatureSink.arrow(cacheFile, split, epoch, step, d, hd, data, w, bias, provenance(cacheFile));
             BatchStream stream = data.evalStream(split, cfg.options().getInt("eval-batch"))) {
            while (stream.hasNext()) {
                Batch b = stream.next();
                try (TUint8 x = pixels(b.pixels(), b.size());
                     TInt32 y = TInt32.vectorOf(b.labels());
                     TInt32 ids = TInt32.vectorOf(b.sampleIds())) {
                    Session.Runner r = session.runner().feed(model.evalImages, x).feed(model.evalLabels, y).feed(model.evalIds, ids)
                            .fetch(model.evalFeatures).fetch(model.evalLoss);
                    if (model.evalPredictions != null) {
                        r.fetch(model.evalPredictions);
                    }
                    if (model.evalHead != null) {
                        r.fetch(model.evalHead);
                    }
                    try (Result res = r.run()) {
                        float[] feats = new float[b.size() * d];
                        ((TFloat32) res.get(0)).copyTo(DataBuffers.of(feats, false, false));
                        double l = ((TFloat32) res.get(1)).getFloat();
                        int[] pred = null;
                        if (model.evalPredictions != null) {
                            pred = new int[b.size()];
                            ((TInt32) res.get(2)).copyTo(DataBuffers.of(pred, false, false));
                            for (int i = 0; i < b.size(); i++) {
                                if (pred[i] == b.labels()[i]) {
                                    correct++;
                                }
                            }
                        }
                        float[] headFeats = null;
                        if (model.evalHead != null) {
                            headFeats = new float[b.size() * hd];
                            ((TFloat32) res.get(res.size() - 1)).copyTo(DataBuffers.of(headFeats, false, false));
                        }
                        lossSum += l * b.size();
                        n += b.size();
                        sink.append(b.sampleIds(), b.labels(), pred, feats, headFeats, b.size());
                    }
                }
            }
            sink.commit();
        }
        return new Encoded(model.evalPredictions == null ? Double.NaN : (double) correct / n, lossSum / Math.max(1, n));
    }

    /** Encoder (and head) features of the training set under augmentation, for probe epoch {@code epoch}. */
    ncdesign.api.metric.FeatureSet encodeToMemory(TrainingData data, int epoch) {
        try (BatchStream stream = data.augmentedStream(epoch, cfg.options().getInt("eval-batch"))) {
            return collect(stream, data.train().size(), false);
        }
    }

    /**
     * Runs the inference branch over a stream into an in-memory feature set: encoder features, head features when
     * the model has a head, and (when asked and the model has a classifier) predictions and the current classifier.
     */
    public ncdesign.features.MemoryFeatureSet collect(BatchStream stream, int n, boolean withClassifier) {
        return collect(stream, n, withClassifier, spec.numClasses());
    }

    /** The same, for labels of another dataset with {@code numClasses} classes (transfer). */
    public ncdesign.features.MemoryFeatureSet collect(BatchStream stream, int n, boolean withClassifier, int numClasses) {
        int d = model.featureDim;
        int hd = model.headDim;
        float[] feats = new float[n * d];
        float[] head = hd > 0 ? new float[n * hd] : null;
        int[] labels = new int[n];
        boolean preds = withClassifier && model.evalPredictions != null;
        int[] predictions = preds ? new int[n] : null;
        int row = 0;
        while (stream.hasNext()) {
            Batch b = stream.next();
            try (TUint8 x = pixels(b.pixels(), b.size());
                 TInt32 y = TInt32.vectorOf(b.labels());
                 TInt32 ids = TInt32.vectorOf(b.sampleIds())) {
                Session.Runner r = session.runner().feed(model.evalImages, x).feed(model.evalLabels, y).feed(model.evalIds, ids)
                        .fetch(model.evalFeatures);
                if (head != null) {
                    r.fetch(model.evalHead);
                }
                if (preds) {
                    r.fetch(model.evalPredictions);
                }
                try (Result res = r.run()) {
                    float[] f = new float[b.size() * d];
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(f, false, false));
                    System.arraycopy(f, 0, feats, row * d, f.length);
                    int k = 1;
                    if (head != null) {
                        float[] h = new float[b.size() * hd];
                        ((TFloat32) res.get(k++)).copyTo(DataBuffers.of(h, false, false));
                        System.arraycopy(h, 0, head, row * hd, h.length);
                    }
                    if (preds) {
                        int[] p = new int[b.size()];
                        ((TInt32) res.get(k)).copyTo(DataBuffers.of(p, false, false));
                        System.arraycopy(p, 0, predictions, row, b.size());
                    }
                    System.arraycopy(b.labels(), 0, labels, row, b.size());
                    row += b.size();
                }
            }
        }
        float[][] w = withClassifier && model.classifierWeights != null ? matrix(model.classifierWeights) : null;
        float[] bias = withClassifier && model.classifierBias != null ? vector(model.classifierBias) : null;
        ncdesign.features.MemoryFeatureSet fs = ncdesign.features.MemoryFeatureSet.of(feats, d, labels,
                numClasses, predictions, w, bias);
        return head == null ? fs : fs.withColumn("head_features", head, hd);
    }

    /** Provenance for a cache file, with the NC trajectory recorded so far (JSON lines) when there is one. */
    private Map<String, String> provenance(Path cacheFile) throws IOException {
        Map<String, String> m = provenance();
        Path traj = cacheFile.toAbsolutePath().getParent().getParent().resolve("trajectory.jsonl");
        if (Files.isRegularFile(traj)) {
            m.put("ncd.trajectory", Files.readString(traj));
        }
        return m;
    }

    private Map<String, String> provenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ncd.loss", plan.lossInfo().name());
        m.put("ncd.backbone", plan.backboneInfo().name());
        m.put("ncd.dataset", cfg.dataset());
        m.put("ncd.seed", Long.toString(cfg.seed()));
        m.put("ncd.version", ncdesign.core.Versions.ncdesign());
        return m;
    }

    public float[][] matrix(Operand<TFloat32> op) {
        try (Result r = session.runner().fetch(op).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            int rows = (int) t.shape().size(0);
            int cols = (int) t.shape().size(1);
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
            float[] v = new float[(int) t.shape().size(0)];
            t.copyTo(DataBuffers.of(v, false, false));
            return v;
        }
    }

    /** Saves every variable, the step and the epoch. */
    void saveCheckpoint(Path file) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (RuntimeVariables.Entry e : model.vars.entries()) {
            try (Result r = session.runner().fetch(e.read()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                values.put(e.name(), v);
                shapes.put(e.name(), t.shape().asArray());
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("step", step);
        meta.put("epoch", epochsDone);
        meta.put("seed", cfg.seed());
        meta.put("loss", plan.lossInfo().name());
        meta.put("backbone", plan.backboneInfo().name());
        meta.put("num_classes", spec.numClasses());
        meta.put("feature_dim", model.featureDim);
        new Checkpoint(meta, values, shapes).write(file);
    }

    /** Restores every variable from a checkpoint, naming any mismatch (other backbone, other K). */
    public void restore(Path file) {
        Checkpoint c = Checkpoint.read(file);
        Object k = c.meta().get("num_classes");
        if (k != null && ((Number) k).intValue() != spec.numClasses()) {
            throw new PluginException("checkpoint " + file + " is for K=" + k + " classes but this run has K=" + spec.numClasses());
        }
        if (!plan.backboneInfo().name().equals(c.meta().get("backbone"))) {
            throw new PluginException("checkpoint " + file + " was written by backbone '" + c.meta().get("backbone")
                    + "' but this run uses '" + plan.backboneInfo().name() + "'");
        }
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (RuntimeVariables.Entry e : model.vars.entries()) {
                float[] v = c.variables().get(e.name());
                if (v == null) {
                    throw new PluginException("checkpoint " + file + " has no variable '" + e.name() + "'; it was written by another model");
                }
                long[] shape = c.shapes().get(e.name());
                if (!Shape.of(shape).equals(e.shape())) {
                    throw new PluginException("checkpoint " + file + ": variable '" + e.name() + "' has shape " + Shape.of(shape)
                            + " but the model expects " + e.shape());
                }
                TFloat32 t = TFloat32.tensorOf(e.shape(), DataBuffers.of(v, true, false));
                tensors.add(t);
                r.feed(model.restoreInput(e), t).addTarget(model.restoreOp(e));
            }
            r.run();
        } finally {
            tensors.forEach(Tensor::close);
        }
        step = ((Number) c.meta().get("step")).longValue();
        epochsDone = ((Number) c.meta().get("epoch")).intValue();
    }

    @Override
    public void close() {
        session.close();
        model.graph.close();
    }
}
