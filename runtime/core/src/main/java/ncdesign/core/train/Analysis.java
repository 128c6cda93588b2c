package ncdesign.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ncdesign.api.error.UserException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricKernels;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.features.ArrowFeatureSet;
import ncdesign.features.FeatureCheck;
import ncdesign.core.plugin.PluginInfo;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import ncdesign.io.RunLayout;

/**
 * Runs metric and evaluator plugins over feature caches. A plugin that throws is reported by name and module and
 * the others still run, so one faulty third-party metric cannot cost a user the rest of the results.
 */
public final class Analysis {
    private static final Logger LOG = LogManager.getLogger(Analysis.class);

    private Analysis() {
    }

    /**
     * Computes each metric of {@code plan} on a feature set in one pass (one {@link MetricPass}: the work metrics share
     * is done once and dropped with the pass), the heavy linear algebra on {@code kernels} (null: the metrics' own Java
     * code). The set is checked first ({@link FeatureCheck}): invalid input (labels outside 0..K−1, NaN/Inf, a
     * classifier that does not fit) stops here with one line, and rows of norm 0 are left out with a logged count
     * (when every row is zero, nothing is computed and a warning says why).
     * A metric that fails on valid input is logged and skipped; one that refuses its device (a heavy op off the GPU)
     * stops here.
     */
    public static List<MetricValue> metrics(MetricPlan plan, FeatureSet set, MetricKernels kernels) {
        return metrics(plan, set, kernels, Failures.NONE);
    }

    /** The same, recording each metric that fails in {@code failures}. */
    static List<MetricValue> metrics(MetricPlan plan, FeatureSet set, MetricKernels kernels, Failures failures) {
        if (plan.isEmpty()) {
            return List.of();
        }
        return metrics(plan, FeatureCheck.scan(set, FeatureCheck.Sources.of("the feature set")), kernels, failures);
    }

    /** As {@link #metrics(MetricPlan, FeatureSet, MetricKernels)} on a set already checked: its zero rows are left out. */
    public static List<MetricValue> metrics(MetricPlan plan, FeatureCheck.Checked checked, MetricKernels kernels) {
        return metrics(plan, checked, kernels, Failures.NONE);
    }

    /** The same, recording each metric that fails in {@code failures}. */
    static List<MetricValue> metrics(MetricPlan plan, FeatureCheck.Checked checked, MetricKernels kernels, Failures failures) {
        if (checked.zeroRows() == checked.set().size()) {
            // e.g. a network whose last ReLUs all died: no geometry to report, and no reason to stop a training run
            LOG.warn("{}: every row is zero, so no metric is computed", checked.zeroRowsMessage());
            return List.of();
        }
        FeatureSet set = checked.withoutZeroRows();
        if (checked.zeroRows() > 0) {
            LOG.info("{}: measured without them ({} rows)", checked.zeroRowsMessage(), set.size());
        }
        List<MetricValue> out = new ArrayList<>();
        // features without a classifier (an SCL run's, or .npy files without --weights): the metrics of the classifier
        // are skipped as one line, not one warning each
        boolean noClassifier = set.weights().isEmpty() && set.predictions().isEmpty();
        List<String> needClassifier = new ArrayList<>();
        try (MetricPass pass = MetricPass.over(set, kernels)) {
            for (MetricPlan.Entry e : plan.entries()) {
                PluginInfo p = e.info();
                try {
                    MetricProvider mp = (MetricProvider) p.provider();
                    out.addAll(Trainer.create(p, () -> mp.create(e.params()).compute(pass.context(e.params()))));
                } catch (Placement.OffDevice x) {
                    throw x; // a heavy op left the chosen GPU: stop, as training does, rather than skip every metric
                } catch (UserException x) {
                    failures.add(p, x.getMessage());
                    if (noClassifier && String.valueOf(x.getMessage()).contains("classifier")) {
                        needClassifier.add(p.name());
                    } else {
                        notice(plan, "metric '" + p.name() + "' (" + p.module() + ") skipped: " + x.getMessage());
                    }
                }
            }
        }
        if (!needClassifier.isEmpty()) {
            notice(plan, (needClassifier.size() == 1 ? "1 metric" : needClassifier.size() + " metrics")
                    + " skipped, as these features have no classifier (weights or predictions): " + String.join(", ", needClassifier));
        }
        return out;
    }

    /** A warning the first time this plan (one run, one command) meets it; later passes of the run log it at debug level. */
    private static void notice(MetricPlan plan, String line) {
        if (plan.firstTime(line)) {
            LOG.warn(line);
        } else {
            LOG.debug(line);
        }
    }

    /** Opens an Arrow cache (verifying its checksum) and computes each metric of {@code plan} on it, on {@code kernels} (null: Java). */
    public static List<MetricValue> metrics(MetricPlan plan, Path cache, MetricKernels kernels) {
        return metrics(plan, cache, kernels, Failures.NONE);
    }

    /** The same, recording each metric that fails in {@code failures}. */
    static List<MetricValue> metrics(MetricPlan plan, Path cache, MetricKernels kernels, Failures failures) {
        if (plan.isEmpty()) {
            return List.of();
        }
        try (ArrowFeatureSet fs = ArrowFeatureSet.open(cache)) {
            return metrics(plan, FeatureCheck.scan(fs, FeatureCheck.Sources.of(cache.toString())), kernels, failures);
        }
    }

    /**
     * Saves an evaluator's classifier beside the feature caches as NumPy files
     * ({@code classifier-<evaluator>.weights.npy}, {@code .bias.npy}, and {@code .column.txt} naming the feature column),
     * so {@code ncd metrics CACHE --column C --weights W.npy} measures it again.
     */
    static void saveClassifier(Path dir, EvalResult r) {
        try {
            int k = r.weights().length;
            int d = r.weights()[0].length;
            float[] flat = new float[k * d];
            for (int c = 0; c < k; c++) {
                System.arraycopy(r.weights()[c], 0, flat, c * d, d);
            }
            ncdesign.io.AtomicFiles.writeStream(RunLayout.classifierWeights(dir, r.evaluator()),
                    os -> ncdesign.features.Npy.writeFloat32(os, flat, k, d));
            if (r.bias() != null) {
                ncdesign.io.AtomicFiles.writeStream(RunLayout.classifierBias(dir, r.evaluator()),
                        os -> ncdesign.features.Npy.writeFloat32(os, r.bias(), k));
            }
            ncdesign.io.AtomicFiles.writeString(RunLayout.classifierColumn(dir, r.evaluator()), r.featureColumn() + "\n");
        } catch (java.io.IOException e) {
            LOG.warn("could not save the classifier of '{}': {}", r.evaluator(), e.getMessage());
        }
    }

    /**
     * Runs each evaluator on the train/test caches, with the model's {@code encoder} and {@code images} for protocols
     * that encode images of their own (empty: they refuse); failures are logged, skipped and recorded in
     * {@code failures}. Each evaluator sees the classifiers the ones before it fitted.
     */
    static List<EvalResult> evaluate(List<PluginInfo> plugins, TrainingData data, Path trainCache, Path testCache,
                                     java.util.function.IntFunction<FeatureSet> augmented, Optional<TrainedEncoder> encoder,
                                     Optional<EvalImages> images, MetricPlan metrics,
                                     java.util.Map<String, List<MetricValue>> perClassifier, MetricKernels kernels,
                                     Failures failures) {
        if (plugins.isEmpty()) {
            return List.of();
        }
        List<EvalResult> out = new ArrayList<>();
        List<SavedClassifier> saved = new ArrayList<>();
        try (ArrowFeatureSet train = ArrowFeatureSet.open(trainCache); ArrowFeatureSet test = ArrowFeatureSet.open(testCache)) {
            for (PluginInfo p : plugins) {
                try {
                    EvalContext ctx = new FeatureEvalContext(data.spec().numClasses(), data.classNames(), train, test,
                            augmented, data.seed(), encoder, images, List.copyOf(saved),
                            line -> LOG.info("evaluator '{}': {}", p.name(), line));
                    EvaluatorProvider ep = (EvaluatorProvider) p.provider();
                    Params params = Params.resolve("evaluator '" + p.name() + "'", p.parameters(),
                            data.evaluatorParams().getOrDefault(p.name(), java.util.Map.of()));
                    EvalResult r = Trainer.create(p, () -> ep.create(params).evaluate(ctx));
                    out.add(r);
                    if (r.weights() != null) {
                        saveClassifier(trainCache.getParent(), r);
                        saved.add(new SavedClassifier(r.evaluator(), r.weights(), r.bias(), r.featureColumn()));
                    }
                    if (r.weights() != null && !metrics.isEmpty()) {
                        perClassifier.put(r.evaluator(), metrics(metrics,
                                new ncdesign.features.WithClassifier(train.select(r.featureColumn()), r.weights(), r.bias()), kernels,
                                failures));
                    }
                } catch (UserException e) {
                    LOG.warn("evaluator '{}' ({}) skipped: {}", p.name(), p.module(), e.getMessage());
                    failures.add(p, e.getMessage());
                }
            }
        }
        return out;
    }
}
