package ncdesign.eval;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.ImageBatch;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * {@code robustness} (the paper's Table 5 protocol on CIFAR-10-C-style data): the run's test images, corrupted by each
 * corruption at each severity, go through the frozen encoder and are scored by a classifier. Accuracy is the clean
 * top-1 accuracy; the values are the clean error, the error at every (corruption, severity), per corruption averaged
 * over the severities, and their mean, the unnormalised mCE (normalising by a baseline run needs several runs: that
 * is {@code ncd robustness}'s table).
 * <p>Which classifier predicts: {@code auto} takes the loss's own when the model has one (what {@code classifier}
 * measures), else the first one an earlier evaluator fitted (normally {@code fixed-prototypes}); {@code model} the
 * loss's; any other value the classifier of that evaluator.
 */
public final class CorruptionRobustness implements Evaluator {
    static final String NAME = "robustness";
    private final Params p;

    CorruptionRobustness(Params p) {
        this.p = p;
    }

    /** What predicts: the model's own classifier ({@code weights} null) or a saved linear one. */
    record Predictor(String name, float[][] weights, float[] bias, String column) {
        /** Top-1 error on {@code images}. */
        double error(TrainedEncoder encoder, ImageBatch images) {
            FeatureSet fs = encoder.encode(images);
            int[] pred;
            if (weights == null) {
                pred = fs.predictions().orElseThrow(() -> new PluginException("evaluator '" + NAME
                        + "': the encoder returned no predictions of the model's classifier"));
            } else {
                if (!fs.columns().contains(column)) {
                    throw new PluginException("evaluator '" + NAME + "': the classifier of '" + name + "' reads '" + column
                            + "' but the model has only " + fs.columns());
                }
                pred = LinearProbe.predict(fs.select(column), weights, bias);
            }
            return 1 - LinearProbe.accuracy(pred, images.labels());
        }
    }

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        Encoders m = Encoders.require(ctx, NAME, "ncd robustness --runs RUN_DIR");
        List<String> corruptions = corruptions(m.images(), p.getString("corruptions"), ctx);
        List<Integer> severities = p.getIntList("severities");
        Predictor pred = predictor(ctx, m.encoder(), p.getString("classifier"));
        ImageBatch test = m.images().testImages();
        if (p.getInt("limit") > 0) {
            test = test.head(p.getInt("limit"));
        }
        long seed = p.getInt("seed");
        Map<String, Double> values = new LinkedHashMap<>();
        double clean = pred.error(m.encoder(), test);
        values.put("clean-error", clean);
        ctx.progress(String.format(Locale.ROOT, "clean error %.1f%% on %d images", 100 * clean, test.size()));
        double sum = 0;
        for (int ci = 0; ci < corruptions.size(); ci++) {
            String c = corruptions.get(ci);
            long tc = System.nanoTime();
            double mean = 0;
            for (int s : severities) {
                double e = pred.error(m.encoder(), m.images().corrupt(test, c, s, seed));
                values.put("error-" + c + "-s" + s, e);
                mean += e / severities.size();
            }
            values.put("error-" + c, mean);
            sum += mean;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long eta = Math.round(elapsed / (ci + 1) * (corruptions.size() - ci - 1));
            ctx.progress(String.format(Locale.ROOT, "[%2d/%d] %-17s %.1f%%  (%.1f s, ETA %d:%02d)", ci + 1, corruptions.size(), c,
                    100 * mean, (System.nanoTime() - tc) / 1e9, eta / 60, eta % 60));
        }
        values.put("mce", sum / corruptions.size());
        long passes = (long) test.size() * (1 + (long) corruptions.size() * severities.size());
        return new EvalResult(NAME, 1 - clean, values, (System.nanoTime() - t0) / 1e9, passes, null, null);
    }

    /** {@code all} (every available corruption; the others are reported and left out) or a list of known names. */
    static List<String> corruptions(EvalImages images, String spec, EvalContext ctx) {
        List<String> known = images.corruptions();
        List<String> out = new ArrayList<>();
        if (spec.isBlank() || spec.trim().equals("all")) {
            for (String c : known) {
                Optional<String> why = images.unavailable(c);
                why.ifPresent(w -> ctx.progress(c + " skipped: " + w));
                if (why.isEmpty()) {
                    out.add(c);
                }
            }
            return out;
        }
        for (String s : spec.split(",")) {
            String c = s.trim();
            if (!known.contains(c)) {
                throw new PluginException("evaluator '" + NAME + "': unknown corruption '" + c + "'; use all or a list of: "
                        + String.join(", ", known));
            }
            Optional<String> why = images.unavailable(c);
            if (why.isPresent()) {
                throw new PluginException(why.get());
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Resolves {@code auto}, {@code model} or an evaluator's name to what predicts. */
    static Predictor predictor(EvalContext ctx, TrainedEncoder encoder, String choice) {
        boolean own = encoder.hasClassifier();
        if (choice.equals("model") || choice.equals("auto") && own) {
            if (!own) {
                throw new PluginException("evaluator '" + NAME + "': the model's loss trains no classifier; set classifier=auto"
                        + " or the name of an evaluator that fitted one (e.g. fixed-prototypes)");
            }
            return new Predictor("model", null, null, null);
        }
        List<SavedClassifier> saved = ctx.savedClassifiers();
        for (SavedClassifier c : saved) {
            if (choice.equals("auto") || choice.equals(c.evaluator())) {
                return new Predictor(c.evaluator(), c.weights(), c.bias(), c.column());
            }
        }
        throw new PluginException("evaluator '" + NAME + "': no classifier to score by: the loss trains none and "
                + (choice.equals("auto") ? "no evaluator fitted one" : "evaluator '" + choice + "' fitted none")
                + "; run fixed-prototypes (or a linear probe) before robustness");
    }

    /** Discovery entry. */
    @AutoService(EvaluatorProvider.class)
    public static final class Provider extends SimpleProvider<Evaluator> implements EvaluatorProvider {
        public Provider() {
            super(NAME,
                    "Table 5: error on the test set corrupted CIFAR-10-C style (per corruption and severity, mCE); needs the trained model",
                    List.of(
                            ParamSpec.ofString("corruptions", "all", "all, or a comma-separated list of corruption names (gaussian_noise, fog, ...)"),
                            ParamSpec.ofIntList("severities", List.of(1, 2, 3, 4, 5), "severities in 1..5"),
                            ParamSpec.ofInt("limit", 0, "evaluate the first N test images (0 = all)").atLeast(0),
                            ParamSpec.ofString("classifier", "auto", "what predicts: auto, model, or the name of an evaluator that fitted a classifier"),
                            ParamSpec.ofInt("seed", 0, "seed of the corruptions")),
                    p -> {
                        List<Integer> severities = p.getIntList("severities");
                        if (severities.isEmpty() || severities.stream().anyMatch(s -> s < 1 || s > 5)) { // refused before a run trains
                            throw new PluginException("evaluator '" + NAME + "': severities must lie in 1..5, e.g. 1,2,3,4,5; got " + severities);
                        }
                        return new CorruptionRobustness(p);
                    });
        }
    }
}
