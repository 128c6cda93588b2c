package ncdesign.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.api.error.UserException;
import ncdesign.api.eval.EvalResult;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.train.RunImages;
import ncdesign.core.train.TrainedModel;
import ncdesign.data.Corruptions;
import ncdesign.api.error.DataException;
import ncdesign.data.Dataset;
import ncdesign.experiments.table.PaperTables;
import ncdesign.experiments.table.ReportTable;
import ncdesign.io.RunLayout;
import ncdesign.report.CorruptionErrors;

/**
 * {@code ncd robustness} (the paper's Table 5 protocol on CIFAR-10-C-style data): every trained run is evaluated by
 * the {@code robustness} evaluator on its own test set corrupted by each of the {@link Corruptions} at each severity,
 * and scored by clean error, the error per corruption averaged over the severities, and the mean corruption error
 * (mCE), unnormalised and, with a baseline run, normalised as CE<sub>c</sub><sup>f</sup> = Σ<sub>s</sub>E<sup>f</sup><sub>s,c</sub> /
 * Σ<sub>s</sub>E<sup>baseline</sup><sub>s,c</sub> (see {@link CorruptionErrors}). This class owns what needs several
 * runs: the baseline, the normalisation and Table 5's layouts.
 * <p>Which prediction counts: a run whose loss trains a classifier (CE, ETF+DR, NormFace, NTCE, NONL, …) is scored
 * by that classifier — the arg-max of the loss's class scores, exactly what its {@code classifier} evaluator
 * measures. A run without one (SCL) is scored by the classifier an evaluator saved beside its features
 * ({@code features/classifier-<evaluator>.weights.npy}), the first in its summary.json that saved one (normally
 * {@code fixed-prototypes}); {@code --classifier NAME} picks another. Each corrupted set is generated once per
 * (corruption, severity) and shared by the runs (while a quarter of the heap holds them; see {@link RunImages.Cache}).
 */
public final class Robustness {
    private Robustness() {
    }

    /**
     * What to evaluate.
     *
     * @param runs        trained run folders
     * @param baseline    run folder whose errors normalise the others (evaluated too when not in {@code runs}), or null
     * @param corruptions corruption names (canonical), in order
     * @param severities  severities 1..5 to evaluate
     * @param limit       evaluate the first {@code limit} test images (0 = all)
     * @param dataDir     data folder of the test set (null: the one each run was trained with)
     * @param classifier  {@code auto}, {@code model} or an evaluator name
     * @param seed        seed of the corruptions
     * @param skipUnavailable leave out corruptions that cannot run here (frost without its images) instead of failing
     * @param out         folder for robustness.csv/.md/.json, or null for none
     */
    public record Options(List<Path> runs, Path baseline, List<String> corruptions, List<Integer> severities, int limit,
                          Path dataDir, String classifier, long seed, boolean skipUnavailable, Path out) {
    }

    /**
     * One run's errors.
     *
     * @param dir        run folder
     * @param method     the paper's name of its loss (CE, NONL, …), with the run name when two runs share it
     * @param loss       loss plugin name
     * @param predictor  what made the predictions: {@code classifier} or {@code evaluator:NAME}
     * @param clean      clean test error (fraction)
     * @param errors     per corruption, the error at each severity (index s − 1, NaN where not evaluated)
     * @param scores     the derived scores
     */
    public record RunErrors(Path dir, String method, String loss, String predictor, double clean, Map<String, double[]> errors,
                            CorruptionErrors.Scores scores) {
    }

    /** Everything {@link #run} measured. */
    public record Result(String dataset, int testImages, List<String> corruptions, Map<String, String> skipped,
                         List<Integer> severities, Path baseline, List<RunErrors> runs) {
    }

    /** One run's evaluation, before the baseline normalises it. */
    private record Evaluated(Path dir, String loss, String predictor, EvalResult result) {
        String name() {
            return dir.toAbsolutePath().normalize().getFileName().toString();
        }
    }

    /** Parses {@code all}, or a comma-separated list of full or short corruption names; returned in the paper's order. */
    public static List<String> parseCorruptions(String spec) {
        if (spec.isBlank() || spec.trim().equals("all")) {
            return Corruptions.NAMES;
        }
        List<String> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String c = Corruptions.canonical(s);
            if (c == null) {
                throw new ConfigException("unknown corruption '" + s.trim() + "' in --corruptions; use all or a list of: "
                        + String.join(", ", Corruptions.NAMES) + " (or their short names " + String.join(", ", Corruptions.SHORT_NAMES) + ")");
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        out.sort(java.util.Comparator.comparingInt(Corruptions.NAMES::indexOf)); // the paper's order, as the table's columns
        return List.copyOf(out);
    }

    /** Parses severities: {@code 1-5}, {@code 3}, or a list such as {@code 1,3,5}. */
    public static List<Integer> parseSeverities(String spec) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).trim());
                if (lo < 1 || hi > 5 || lo > hi) {
                    throw new NumberFormatException();
                }
                for (int s = lo; s <= hi; s++) {
                    if (!out.contains(s)) {
                        out.add(s);
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("--severities must be a range or list within 1..5 such as 1-5 or 1,3,5; got '" + spec + "'");
        }
        java.util.Collections.sort(out);
        return List.copyOf(out);
    }

    /** Evaluates the runs, prints the tables to {@code out} and progress to {@code progress}, and writes the files. */
    public static Result run(Options o, PrintStream out, PrintStream progress) throws IOException {
        if (o.runs().isEmpty()) {
            throw new ConfigException("no run given; pass --runs RUN_DIR[,RUN_DIR...]");
        }
        if (o.limit() < 0) {
            throw new ConfigException("--limit must be >= 0 (0 = the whole test set), got " + o.limit());
        }
        if (o.out() != null && Files.exists(o.out()) && !Files.isDirectory(o.out())) {
            throw new ConfigException("--out " + o.out() + " is a file; give a folder");
        }
        List<Path> dirs = new ArrayList<>();
        for (Path p : o.runs()) {
            if (dirs.stream().noneMatch(d -> same(d, p))) {
                dirs.add(p);
            }
        }
        if (o.baseline() != null && dirs.stream().noneMatch(d -> same(d, o.baseline()))) {
            dirs.add(o.baseline());
        }
        for (Path d : dirs) {
            if (!TrainedModel.isTrained(d)) {
                throw new DataException(d + " is not a trained run (needs " + RunLayout.CONFIG + " and " + RunLayout.CHECKPOINTS + "/" + RunLayout.LAST_CHECKPOINT + "); pass run folders made by ncd train");
            }
        }
        List<String> corruptions = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String c : o.corruptions()) {
            java.util.Optional<String> why = Corruptions.unavailable(c);
            if (why.isPresent() && !o.skipUnavailable()) {
                throw new DataException(why.get());
            }
            if (why.isPresent()) {
                skipped.put(c, why.get());
                progress.println("robustness: " + c + " skipped: " + why.get());
            } else {
                corruptions.add(c);
            }
        }
        if (corruptions.isEmpty()) {
            throw new DataException("no corruption left to evaluate (" + String.join(", ", skipped.keySet()) + " unavailable)");
        }
        Map<String, Object> cli = new HashMap<>();
        if (o.dataDir() != null) {
            cli.put("data-dir", o.dataDir().toString());
        }
        String dataset = null;
        for (Path d : dirs) { // every run checked before the first is evaluated
            try (TrainedModel tm = TrainedModel.open(d, "evaluate the robustness of", cli)) {
                TrainConfig cfg = tm.config();
                if (dataset != null && !dataset.equals(cfg.dataset())) {
                    throw new ConfigException("runs were trained on different datasets (" + dirs.get(0) + ": " + dataset + ", " + d + ": "
                            + cfg.dataset() + "); compare runs of one dataset per call");
                }
                if (cfg.backbone().equals("free")) {
                    throw new DataException(d + " uses the unconstrained-features model ('free'), which has no image encoder to corrupt");
                }
                dataset = cfg.dataset();
            }
        }
        Map<String, Object> params = new HashMap<>(Map.of("corruptions", String.join(",", corruptions), "severities",
                String.join(",", o.severities().stream().map(String::valueOf).toList()), "limit", 0, "seed", Long.toString(o.seed())));
        RunImages.Cache cache = new RunImages.Cache();
        Dataset test = null;
        List<Evaluated> evaluated = new ArrayList<>();
        for (Path d : dirs) {
            try (TrainedModel tm = TrainedModel.open(d, "evaluate the robustness of", cli)) {
                if (test == null) { // the first run's test set, shared by all so each corruption is made once
                    test = o.limit() > 0 ? tm.data().test().head(o.limit()) : tm.data().test();
                    progress.printf(Locale.ROOT, "robustness: %d run(s) on %s, %d test images, %d corruptions x severities %s%n",
                            dirs.size(), dataset, test.size(), corruptions.size(), o.severities());
                }
                progress.printf(Locale.ROOT, "robustness: loading %s (%s, %s)%n", d, tm.config().loss(), tm.config().backbone());
                String choice = o.classifier();
                if (choice.equals("auto")) {
                    choice = tm.hasClassifier() ? "model"
                            : tm.savedClassifiers().stream().map(c -> c.evaluator()).findFirst().orElse("auto");
                }
                params.put("classifier", choice);
                String name = d.toAbsolutePath().normalize().getFileName().toString();
                EvalResult r;
                try {
                    r = tm.evaluate("robustness", params, new RunImages(test, tm.spec(), o.dataDir(), cache),
                            line -> progress.println("robustness: " + name + " " + line));
                } catch (UserException e) {
                    throw prefixed(d + ": ", e);
                }
                evaluated.add(new Evaluated(d, tm.config().loss(), choice.equals("model") ? "classifier" : "evaluator:" + choice, r));
            }
        }
        Result r = result(o, dataset, test.size(), corruptions, skipped, evaluated);
        List<ReportTable> tables = RobustnessTables.tables(r);
        for (ReportTable t : tables) {
            out.println();
            out.print(t.text());
        }
        if (o.out() != null) {
            RobustnessTables.write(o.out(), r, tables);
            out.println();
            out.println("written: " + o.out().resolve("robustness.csv") + ", robustness.md, robustness.json");
        }
        return r;
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** The evaluators' errors per run, normalised by the baseline's and labelled as the paper's methods. */
    private static Result result(Options o, String dataset, int testImages, List<String> corruptions, Map<String, String> skipped,
                                 List<Evaluated> evaluated) {
        List<Map<String, double[]>> errors = new ArrayList<>();
        int baseIndex = -1;
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < evaluated.size(); i++) {
            Evaluated e = evaluated.get(i);
            Map<String, double[]> byC = new LinkedHashMap<>();
            for (String c : corruptions) {
                double[] v = new double[5];
                java.util.Arrays.fill(v, Double.NaN);
                for (int s : o.severities()) {
                    v[s - 1] = e.result().values().get("error-" + c + "-s" + s);
                }
                byC.put(c, v);
            }
            errors.add(byC);
            if (o.baseline() != null && same(e.dir(), o.baseline())) {
                baseIndex = i;
            }
            labels.merge(PaperTables.method(e.loss()), 1, Integer::sum);
        }
        List<RunErrors> runs = new ArrayList<>();
        for (int i = 0; i < evaluated.size(); i++) {
            Evaluated e = evaluated.get(i);
            String method = PaperTables.method(e.loss());
            if (labels.get(method) > 1) {
                method += " [" + e.name() + "]";
            }
            double clean = e.result().values().get("clean-error");
            CorruptionErrors.Scores sc = CorruptionErrors.score(clean, errors.get(i), baseIndex < 0 ? null : errors.get(baseIndex));
            runs.add(new RunErrors(e.dir(), method, e.loss(), e.predictor(), clean, errors.get(i), sc));
        }
        return new Result(dataset, testImages, List.copyOf(corruptions), skipped, o.severities(),
                baseIndex < 0 ? null : evaluated.get(baseIndex).dir(), runs);
    }

    /** {@code e} with {@code prefix} before its message, of the same kind (configuration, data or plugin). */
    private static UserException prefixed(String prefix, UserException e) {
        String m = prefix + e.getMessage();
        if (e instanceof ConfigException) {
            return new ConfigException(m, e);
        }
        if (e instanceof DataException) {
            return new DataException(m, e);
        }
        return e instanceof PluginException ? new PluginException(m, e) : new UserException(m, e);
    }
}
