package ncdesign.core.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.api.error.UserException;
import ncdesign.api.loss.FeatureSource;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.dist.ClusterSpec;
import ncdesign.core.dist.DistOptions;
import ncdesign.core.dist.Replicas;
import ncdesign.core.plugin.PluginCalls;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginRegistry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import ncdesign.io.RunLayout;
import ncdesign.io.RunLock;

/**
 * Runs {@code ncd train}: validates everything, loads the data, builds the graph, trains, caches features,
 * computes metrics and runs evaluators. Nothing is written until the configuration, the plugins and the data
 * have all been checked, so bad input never leaves a half-made run folder.
 */
public final class Trainer {
    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    /**
     * What a finished run produced.
     *
     * @param runDir       the run folder
     * @param testAccuracy final test accuracy of the trained classifier, or NaN without a classifier
     * @param metrics      NC metrics on the final training features
     * @param evaluations  evaluator results
     */
    public record Result(Path runDir, double testAccuracy, List<MetricValue> metrics, List<EvalResult> evaluations) {
    }

    private Trainer() {
    }

    /**
     * Plugins and parameters resolved and validated for one run.
     *
     * @param temperatureParameter the loss's declared temperature parameter
     *                             ({@link LossProvider#temperatureParameter()}), or null when it has none
     */
    public record Plan(TrainConfig config, PluginInfo lossInfo, Loss loss, Params lossParams,
                PluginInfo backboneInfo, Backbone backbone, Params backboneParams,
                MetricPlan metrics, List<PluginInfo> evaluators, PluginInfo headInfo, Head head, String temperatureParameter) {

        public boolean twoViews() {
            return lossNeeds().views() == 2;
        }

        /** What the loss needs, asked through the plugin guard. */
        public ncdesign.api.loss.LossNeeds lossNeeds() {
            return PluginCalls.call(lossInfo, "failed in needs()", loss::needs);
        }

        /** The value of the loss's declared temperature τ, or NaN when the loss declares none. */
        public double temperature() {
            return temperatureParameter == null ? Double.NaN : lossParams.getDouble(temperatureParameter);
        }
    }

    /** Resolves and validates plugins and their parameters; throws before any work on bad input. */
    public static Plan plan(TrainConfig cfg, PluginRegistry reg) {
        PluginInfo li = reg.get(PluginKind.LOSS, cfg.loss());
        String temperature = LossTemperature.declared((LossProvider) li.provider(), li.name(), li.module());
        Map<String, Object> lossRaw = LossTemperature.withTau(cfg.lossParams(), cfg.tau(), temperature, li.name());
        Params lp = Params.resolve("loss '" + li.name() + "'", li.parameters(), lossRaw);
        Loss loss = create(li, () -> ((LossProvider) li.provider()).create(lp));
        PluginInfo bi = reg.get(PluginKind.BACKBONE, cfg.backbone());
        Params bp = Params.resolve("backbone '" + bi.name() + "'", bi.parameters(), cfg.backboneParams());
        Backbone bb = create(bi, () -> ((BackboneProvider) bi.provider()).create(bp));
        MetricPlan metrics = MetricPlan.resolve(reg, select(reg, PluginKind.METRIC, cfg.list("metrics")), cfg.metricParams());
        List<PluginInfo> evals = select(reg, PluginKind.EVALUATOR, cfg.list("evaluators"));
        // checked now, not when the evaluators run after training: names, keys, values, and what each evaluator refuses
        Map<String, Params> evalParams = MetricPlan.resolveParams(reg, PluginKind.EVALUATOR, "evaluators", "does not run here", evals,
                cfg.evaluatorParams(), PluginInfo::parameters);
        for (PluginInfo p : evals) {
            create(p, () -> ((EvaluatorProvider) p.provider()).create(evalParams.get(p.name())));
        }
        PluginInfo hi = null;
        Head head = null;
        if (PluginCalls.call(li, "failed in needs()", loss::needs).features() == FeatureSource.PROJECTION) {
            hi = reg.get(PluginKind.HEAD, cfg.head());
            PluginInfo h = hi;
            head = create(hi, () -> ((HeadProvider) h.provider()).create(Params.defaults("head '" + h.name() + "'", h.parameters())));
        }
        return new Plan(cfg, li, loss, lp, bi, bb, bp, metrics, evals, hi, head, temperature);
    }

    private static List<PluginInfo> select(PluginRegistry reg, PluginKind kind, List<String> names) {
        if (names.size() == 1 && names.get(0).equals("all")) {
            return reg.list(kind);
        }
        if (names.size() == 1 && names.get(0).equals("none")) {
            return List.of();
        }
        List<PluginInfo> out = new ArrayList<>();
        for (String n : names) {
            out.add(reg.get(kind, n));
        }
        return out;
    }

    /** Calls plugin code, turning its failures into one-line errors that name the plugin and module. */
    public static <T> T create(PluginInfo info, java.util.function.Supplier<T> body) {
        return PluginCalls.call(info, "failed", body);
    }

    /** An output stream that discards the end-of-run report; given to {@link #run}, it also silences the progress line. */
    public static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    /** Trains as configured and writes the run folder. */
    public static Result run(TrainConfig cfg, PluginRegistry reg, PrintStream out) throws IOException {
        Plan plan = plan(cfg, reg);
        TrainingData data = TrainingData.load(cfg, plan.twoViews());
        checkLength(cfg, data);
        InputSpec spec = data.spec();
        LOG.info("{}: {} train / {} test images of {}x{}x{}, {} classes", cfg.dataset(), data.train().size(),
                data.test().size(), spec.height(), spec.width(), spec.channels(), spec.numClasses());
        try (TrainSession session = TrainSession.open(plan, spec, cfg);
             RunFolder run = RunFolder.create(cfg, plan, data, session.device())) {
            return RunFolder.logFailure(run.dir, () -> train(session, run, data, out, null));
        }
    }

    /**
     * Trains all epochs of {@code session} from where it stands, writing records, caches, checkpoints, metrics and
     * evaluations into {@code run}. With {@code replicas}, one worker of a data-parallel job; a worker other than
     * the chief trains its shard only, with no run folder ({@code run} is null).
     */
    static Result train(TrainSession session, RunFolder run, TrainingData data, PrintStream out, ReplicaCoordinator replicas)
            throws IOException {
        TrainConfig cfg = session.cfg;
        int batch = cfg.batch();
        TrainLoop.Length length = TrainLoop.Length.of(cfg.epochs(), batch, data.train().size(), cfg.maxSteps());
        Schedule schedule = new Schedule(cfg.lr(), Math.round(cfg.warmupEpochs() * length.perEpoch()),
                length.total());
        TrainLoop loop = replicas == null
                ? new TrainLoop(length, schedule, epoch -> data.trainStream(epoch, batch), session::step,
                        session.restoredStep(), session.restoredEpochs())
                : new TrainLoop(length, schedule, epoch -> replicas.stream(data, epoch, batch), replicas.timed(session::step),
                        session.restoredStep(), session.restoredEpochs());
        if (replicas != null && !replicas.chief()) {
            // the chief evaluates, caches and checkpoints while the others wait at the next all-reduce
            replicas.logWorkerStart(length.total() - loop.step(), batch);
            loop.add(DivergencePolicy.worker()).add(replicas).restore(session.restoredState()).run();
            return replicas.finishWorker(loop.step(), out);
        }
        LOG.info("training {} epochs x {} steps of batch {} ({} steps), run folder {}", length.lastEpoch(), length.perEpoch(), batch,
                length.total(), run.dir);
        try (TensorBoardWriter tb = new TensorBoardWriter(run.dir.resolve(RunLayout.TENSORBOARD))) {
            Plan plan = session.plan;
            int ncEvery = cfg.ncEvery();
            if (ncEvery > 0 && !plan.metrics().isEmpty()) { // first: it measures the weights before a step and at the very end
                loop.add(new Trajectory(session, tb, run, data, plan.metrics(), ncEvery, cfg.ncSubset(), cfg.seed(),
                        cfg.evalBatch(), loop.step()));
            }
            EpochRecorder records = new EpochRecorder(session, run, data, tb, schedule, length.lastEpoch(),
                    cfg.cacheEpochs());
            loop.add(new PlacementTracer(session, run))
                    .add(new DivergencePolicy(cfg.precision().equals("fp16"), run.dir.resolve(RunLayout.CHECKPOINTS),
                            plan.temperature(), cfg.maxSkipped(length.total()), length.total()))
                    // before the records: an epoch's checkpoint is on disk before its test pass and feature caches
                    .add(new CheckpointWriter(session, run, cfg.checkpointEvery(), loop::state))
                    .add(records)
                    .add(new Progress(out == QUIET ? QUIET : System.err, length, session.hasCorrect()))
                    .restore(session.restoredState())
                    .run();
            String finalWeights = replicas == null ? null : replicas.finish();
            Failures failures = new Failures();
            Result result = session.finish(run, data, records.testAccuracy(), loop.step(), loop.epochsDone(), finalWeights, out,
                    failures);
            failures.throwIfRequested(cfg, run.dir);
            return result;
        }
    }

    /**
     * Trains as one worker of a synchronous data-parallel job ({@code dist}; null = {@link #run(TrainConfig,
     * PluginRegistry, PrintStream)}). Worker 0 writes the run folder and checkpoints; the others write nothing and
     * return a result without a run folder.
     */
    public static Result run(TrainConfig cfg, PluginRegistry reg, PrintStream out, DistOptions dist) throws IOException {
        if (dist == null) {
            return run(cfg, reg, out);
        }
        Plan plan = plan(cfg, reg);
        checkShards(cfg, dist.cluster());
        TrainingData data = TrainingData.load(cfg, plan.twoViews());
        checkLength(cfg, data);
        try (Replicas r = Replicas.start(dist.cluster(), cfg.threads(), cfg.globalNegatives(), dist.timeoutSeconds());
             TrainSession session = TrainSession.open(plan, data.spec(), cfg, r)) {
            ReplicaCoordinator c = new ReplicaCoordinator(session, r, dist.checkEvery());
            c.join(); // before the run folder exists: a worker that disagrees leaves nothing behind
            if (!r.chief()) {
                r.monitor().resumeHint("restart every worker with --resume and worker 0's run folder (it continues from the last checkpoint)");
                return train(session, null, data, out, c);
            }
            try (RunFolder run = RunFolder.create(cfg, plan, data, session.device())) {
                r.monitor().resumeHint(resumeHint(run.dir, r.size()));
                return RunFolder.logFailure(run.dir, () -> train(session, run, data, out, c));
            }
        }
    }

    private static String resumeHint(Path dir, int workers) {
        return "continue from the last checkpoint by restarting every worker with --resume " + dir
                + " (on one machine: ncd launch --workers " + workers + " --resume " + dir + ")";
    }

    /** A batch larger than the training set is refused with the data loaded, before the run folder exists. */
    private static void checkLength(TrainConfig cfg, TrainingData data) {
        TrainLoop.Length.of(cfg.epochs(), cfg.batch(), data.train().size(), cfg.maxSteps());
    }

    /** The global batch is split evenly: each worker takes batch/workers samples of every step. */
    private static void checkShards(TrainConfig cfg, ClusterSpec c) {
        if (cfg.batch() % c.size() != 0) {
            throw new ConfigException("--batch " + cfg.batch() + " (the global batch) cannot be split evenly over " + c.size()
                    + " workers; use a multiple of " + c.size());
        }
        if (cfg.batch() / c.size() < 2) {
            throw new ConfigException("--batch " + cfg.batch() + " leaves fewer than 2 samples per worker with " + c.size()
                    + " workers; raise --batch");
        }
    }

    /**
     * Continues a run from its last checkpoint (from step 0 when it stopped before its first) with the configuration
     * recorded in its folder. Data order and augmentation depend only on (seed, epoch), so the resumed run follows the
     * same trajectory as an uninterrupted one. Another process writing the folder makes it fail, naming that process.
     */
    public static Result resume(Path runDir, PrintStream out) throws IOException {
        return resume(runDir, out, null);
    }

    /**
     * The same as worker {@code dist.cluster().task()} of a data-parallel job, which may have another number of
     * workers than the interrupted run (the checkpoint holds no per-worker state; the global batch stays the same).
     * Every worker reads the run folder's config.yaml and checkpoint (a shared file system, or copies at the same
     * path); only worker 0 writes to it, and holds the folder's lock while it does.
     */
    public static Result resume(Path runDir, PrintStream out, DistOptions dist) throws IOException {
        if (!Files.isRegularFile(RunLayout.config(runDir))) {
            throw new DataException("cannot resume: " + runDir + " has no " + RunLayout.CONFIG + " (is it a run folder?)");
        }
        try (RunLock lock = dist == null || dist.cluster().chief() ? RunFolder.lock(runDir) : null) {
            return lock == null ? resumeLocked(runDir, out, dist, null)
                    : RunFolder.logFailure(runDir, () -> resumeLocked(runDir, out, dist, lock));
        }
    }

    /**
     * Resumes under {@code lock} (null on a worker that does not write); a run that stopped before its first
     * checkpoint starts again from step 0 with its recorded configuration.
     */
    private static Result resumeLocked(Path runDir, PrintStream out, DistOptions dist, RunLock lock) throws IOException {
        boolean fromStart = !Files.isRegularFile(RunLayout.lastCheckpoint(runDir))
                && !Files.isRegularFile(RunLayout.previousCheckpoint(runDir));
        Checkpoints.Found ckpt = fromStart ? null : Checkpoints.newest(runDir);
        TrainConfig cfg = TrainConfig.resolve(RunLayout.config(runDir), Map.of(), Map.of(), Map.of());
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        Plan plan = plan(cfg, reg);
        if (dist != null) {
            checkShards(cfg, dist.cluster());
        }
        TrainingData data = TrainingData.load(cfg, plan.twoViews());
        Replicas r = dist == null ? null
                : Replicas.start(dist.cluster(), cfg.threads(), cfg.globalNegatives(), dist.timeoutSeconds());
        try (TrainSession session = TrainSession.open(plan, data.spec(), cfg, r)) {
            if (!fromStart) {
                session.restore(ckpt.file(), ckpt.checkpoint());
            }
            ReplicaCoordinator c = r == null ? null : new ReplicaCoordinator(session, r, dist.checkEvery());
            if (c != null) {
                r.monitor().resumeHint(resumeHint(runDir, r.size()));
                c.join();
                if (!r.chief()) {
                    LOG.info("worker {}: resuming after epoch {} (step {})", r.task(), session.restoredEpochs(), session.restoredStep());
                    return train(session, null, data, out, c);
                }
            }
            try (RunFolder run = RunFolder.reopen(runDir, session.restoredEpochs(), lock)) {
                if (fromStart) {
                    LOG.info("resuming {} from step 0: it stopped before its first checkpoint", runDir);
                } else {
                    if (ckpt.fallback() != null) {
                        LOG.warn(ckpt.fallback()); // after reopen: in the run's log too
                    }
                    LOG.info("resuming {} at step {} ({} epochs done) from {}", runDir, session.restoredStep(),
                            session.restoredEpochs(), ckpt.file().getFileName());
                }
                return train(session, run, data, out, c);
            }
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }
}
