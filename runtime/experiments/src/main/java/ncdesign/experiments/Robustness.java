package ncdesign.experiments;

import ncdesign.core.train.Progress;
import ncdesign.core.train.TrainedModel;
import ncdesign.core.train.Trainer;
import ncdesign.core.train.TrainingData;
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
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.features.Npy;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.Augment;
import ncdesign.data.BatchStream;
import ncdesign.data.Corruptions;
import ncdesign.data.DataException;
import ncdesign.data.Dataset;
import ncdesign.io.AtomicFiles;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.report.CorruptionErrors;
import ncdesign.io.Json;
import ncdesign.experiments.table.PaperTables;
import ncdesign.experiments.table.ReportTable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code ncd robustness} (the paper's Table 5 protocol on CIFAR-10-C-style data): every trained run is evaluated on
 * its own test set corrupted by each of the {@link Corruptions} at each severity, and scored by clean error, the
 * error per corruption averaged over the severities, and the mean corruption error (mCE), unnormalised and, with a
 * baseline run, normalised as CE<sub>c</sub><sup>f</sup> = Σ<sub>s</sub>E<sup>f</sup><sub>s,c</sub> /
 * Σ<sub>s</sub>E<sup>baseline</sup><sub>s,c</sub> (see {@link CorruptionErrors}).
 * <p>Which prediction counts: a run whose loss trains a classifier (CE, ETF+DR, NormFace, NTCE, NONL, …) is scored
 * by that classifier — the arg-max of the loss's class scores, exactly what its {@code classifier} evaluator
 * measures. A run without one (SCL) is scored by the classifier an evaluator saved beside its features
 * ({@code features/classifier-<evaluator>.weights.npy}), the first in its summary.json that saved one (normally
 * {@code fixed-prototypes}); {@code --classifier NAME} picks another. Each corrupted set is generated once per
 * (corruption, severity) and every run is evaluated on it before the next one is made.
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

    /** A loaded run, ready to predict. */
    private static final class Model implements AutoCloseable {
        final Path dir;
        final String name;
        final String loss;
        final TrainedModel model;
        final String predictor;
        final float[][] weights;
        final float[] bias;
        final String column;

        Model(Path dir, String loss, TrainedModel model, String predictor, float[][] weights, float[] bias, String column) {
            this.dir = dir;
            this.name = dir.toAbsolutePath().normalize().getFileName().toString();
            this.loss = loss;
            this.model = model;
            this.predictor = predictor;
            this.weights = weights;
            this.bias = bias;
            this.column = column;
        }

        /** Top-1 error on a dataset. */
        double error(Dataset d) {
            int[] pred = weights == null ? model.encode(d, true).predictions().orElseThrow()
                    : predict(model.encode(d, false).select(column), weights, bias);
            long wrong = 0;
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] != d.labels()[i]) {
                    wrong++;
                }
            }
            return (double) wrong / Math.max(1, pred.length);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Arg-max class of each row: zᵀw<sub>c</sub> + b<sub>c</sub> with a bias, else the cosine zᵀw<sub>c</sub>/‖w<sub>c</sub>‖
     * (fixed prototypes and normalised probes, whose features are normalised too).
     */
    static int[] predict(FeatureSet fs, float[][] w, float[] bias) {
        int d = fs.dim();
        if (w[0].length != d) {
            throw new PluginException("the saved classifier has " + w[0].length + " inputs but the '" + fs.column()
                    + "' features have " + d);
        }
        double[] norm = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            double s = 0;
            for (float v : w[c]) {
                s += v * v;
            }
            norm[c] = bias == null ? Math.max(Math.sqrt(s), 1e-12) : 1;
        }
        int[] out = new int[fs.size()];
        fs.forEachBlock((offset, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += data[r * d + j] * w[c][j];
                    }
                    s = s / norm[c] + (bias == null ? 0 : bias[c]);
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                out[offset + r] = best;
            }
        });
        return out;
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
                throw new PluginException("unknown corruption '" + s.trim() + "' in --corruptions; use all or a list of: "
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
            throw new PluginException("--severities must be a range or list within 1..5 such as 1-5 or 1,3,5; got '" + spec + "'");
        }
        java.util.Collections.sort(out);
        return List.copyOf(out);
    }

    /** Evaluates the runs, prints the tables to {@code out} and progress to {@code progress}, and writes the files. */
    public static Result run(Options o, PrintStream out, PrintStream progress) throws IOException {
        if (o.runs().isEmpty()) {
            throw new PluginException("no run given; pass --runs RUN_DIR[,RUN_DIR...]");
        }
        if (o.limit() < 0) {
            throw new PluginException("--limit must be >= 0 (0 = the whole test set), got " + o.limit());
        }
        if (o.out() != null && Files.exists(o.out()) && !Files.isDirectory(o.out())) {
            throw new PluginException("--out " + o.out() + " is a file; give a folder");
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
                throw new PluginException(d + " is not a trained run (needs config.yaml and checkpoints/last.ckpt); pass run folders made by ncd train");
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
            throw new PluginException("no corruption left to evaluate (" + String.join(", ", skipped.keySet()) + " unavailable)");
        }
        List<Model> models = new ArrayList<>();
        try {
            Dataset test = null;
            String dataset = null;
            for (Path d : dirs) {
                Map<String, Object> cli = new HashMap<>();
                if (o.dataDir() != null) {
                    cli.put("data-dir", o.dataDir().toString());
                }
                TrainedModel tm = TrainedModel.open(d, "evaluate the robustness of", cli);
                Model m;
                try {
                    TrainConfig cfg = tm.config();
                    if (dataset != null && !dataset.equals(cfg.dataset())) {
                        throw new PluginException("runs were trained on different datasets (" + dirs.get(0) + ": " + dataset + ", " + d + ": "
                                + cfg.dataset() + "); compare runs of one dataset per call");
                    }
                    if (cfg.backbone().equals("free")) {
                        throw new PluginException(d + " uses the unconstrained-features model ('free'), which has no image encoder to corrupt");
                    }
                    if (test == null) {
                        dataset = cfg.dataset();
                        test = o.limit() > 0 ? tm.data().test().head(o.limit()) : tm.data().test();
                    }
                    progress.printf(Locale.ROOT, "robustness: loading %s (%s, %s)%n", d, cfg.loss(), cfg.backbone());
                    m = model(d, cfg.loss(), tm, o.classifier());
                } catch (RuntimeException e) {
                    tm.close();
                    throw e;
                }
                models.add(m);
            }
            Result r = evaluate(o, dataset, test, corruptions, skipped, models, progress);
            List<ReportTable> tables = tables(r);
            for (ReportTable t : tables) {
                out.println();
                out.print(t.text());
            }
            if (o.out() != null) {
                write(o.out(), r, tables);
                out.println();
                out.println("written: " + o.out().resolve("robustness.csv") + ", robustness.md, robustness.json");
            }
            return r;
        } finally {
            models.forEach(Model::close);
        }
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Chooses what predicts for a run: its own classifier, or a classifier an evaluator saved. */
    private static Model model(Path dir, String loss, TrainedModel s, String choice) {
        boolean hasClassifier = s.hasClassifier();
        if (choice.equals("model") || choice.equals("auto") && hasClassifier) {
            if (!hasClassifier) {
                throw new PluginException(dir + ": loss '" + loss + "' trains no classifier; use --classifier auto or an evaluator"
                        + " that saved one (e.g. fixed-prototypes)");
            }
            return new Model(dir, loss, s, "classifier", null, null, null);
        }
        List<String> candidates = new ArrayList<>();
        if (choice.equals("auto")) {
            candidates.addAll(evaluators(dir));
        } else {
            candidates.add(choice);
        }
        Path features = dir.resolve("features");
        for (String ev : candidates) {
            Path w = features.resolve("classifier-" + ev + ".weights.npy");
            if (!Files.isRegularFile(w)) {
                continue;
            }
            Npy.Array a = Npy.read(w);
            float[][] weights = new float[a.rows()][a.cols()];
            for (int c = 0; c < a.rows(); c++) {
                for (int j = 0; j < a.cols(); j++) {
                    weights[c][j] = (float) a.values()[c * a.cols() + j];
                }
            }
            float[] bias = null;
            Path b = features.resolve("classifier-" + ev + ".bias.npy");
            if (Files.isRegularFile(b)) {
                double[] v = Npy.read(b).values();
                bias = new float[v.length];
                for (int c = 0; c < v.length; c++) {
                    bias[c] = (float) v[c];
                }
            }
            String column = "features";
            Path col = features.resolve("classifier-" + ev + ".column.txt");
            try {
                if (Files.isRegularFile(col)) {
                    column = Files.readString(col).trim();
                }
            } catch (IOException e) {
                throw new PluginException(col + ": cannot read (" + e.getMessage() + ")");
            }
            if (column.equals("head_features") && !s.session().hasHead()) {
                throw new PluginException(dir + ": the classifier of '" + ev + "' reads head features but the model has no head");
            }
            return new Model(dir, loss, s, "evaluator:" + ev, weights, bias, column);
        }
        throw new PluginException(dir + ": no classifier to evaluate — loss '" + loss + "' trains none and "
                + (choice.equals("auto") ? "no evaluator saved one (features/classifier-*.weights.npy)"
                        : "evaluator '" + choice + "' saved none (features/classifier-" + choice + ".weights.npy)")
                + "; train it with --evaluators fixed-prototypes (or a linear probe)");
    }

    /** Evaluator names in the order of the run's summary.json, then any other saved classifier, sorted. */
    @SuppressWarnings("unchecked")
    private static List<String> evaluators(Path dir) {
        List<String> out = new ArrayList<>();
        Path summary = dir.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            try {
                Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(summary));
                if (doc instanceof Map<?, ?> m && m.get("evaluations") instanceof List<?> evs) {
                    for (Object e : evs) {
                        if (e instanceof Map<?, ?> em && em.get("evaluator") != null) {
                            out.add(String.valueOf(em.get("evaluator")));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new PluginException(summary + ": cannot read (" + e.getMessage() + ")");
            }
        }
        try (var files = Files.list(dir.resolve("features"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("classifier-") && n.endsWith(".weights.npy"))
                    .map(n -> n.substring("classifier-".length(), n.length() - ".weights.npy".length())).sorted()
                    .filter(n -> !out.contains(n)).forEach(out::add);
        } catch (IOException e) {
            // no features folder: nothing saved
        }
        return out;
    }

    private static Result evaluate(Options o, String dataset, Dataset test, List<String> corruptions, Map<String, String> skipped,
                                   List<Model> models, PrintStream progress) {
        int nSev = 5;
        progress.printf(Locale.ROOT, "robustness: %d run(s) on %s, %d test images, %d corruptions x severities %s%n",
                models.size(), dataset, test.size(), corruptions.size(), o.severities());
        double[] clean = new double[models.size()];
        StringBuilder line = new StringBuilder("clean");
        for (int i = 0; i < models.size(); i++) {
            clean[i] = models.get(i).error(test);
            line.append(String.format(Locale.ROOT, "  %s %.1f%%", models.get(i).name, 100 * clean[i]));
        }
        progress.println("robustness: " + line + " error");
        List<Map<String, double[]>> errors = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            errors.add(new LinkedHashMap<>());
        }
        long t0 = System.nanoTime();
        for (int ci = 0; ci < corruptions.size(); ci++) {
            String c = corruptions.get(ci);
            long tc = System.nanoTime();
            for (Map<String, double[]> e : errors) {
                double[] v = new double[nSev];
                java.util.Arrays.fill(v, Double.NaN);
                e.put(c, v);
            }
            for (int s : o.severities()) {
                Dataset corrupted = Corruptions.apply(test, c, s, o.seed()); // made once, shared by every run
                for (int i = 0; i < models.size(); i++) {
                    errors.get(i).get(c)[s - 1] = models.get(i).error(corrupted);
                }
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < models.size(); i++) {
                b.append(String.format(Locale.ROOT, "  %s %.1f%%", models.get(i).name,
                        100 * CorruptionErrors.meanOverSeverities(errors.get(i).get(c))));
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double eta = elapsed / (ci + 1) * (corruptions.size() - ci - 1);
            progress.printf(Locale.ROOT, "robustness: [%2d/%d] %-17s%s  (%.1f s, ETA %s)%n", ci + 1, corruptions.size(), c, b,
                    (System.nanoTime() - tc) / 1e9, Progress.clock(eta));
        }
        int baseIndex = -1;
        if (o.baseline() != null) {
            for (int i = 0; i < models.size(); i++) {
                if (same(models.get(i).dir, o.baseline())) {
                    baseIndex = i;
                }
            }
        }
        Map<String, Integer> labels = new HashMap<>();
        for (Model m : models) {
            labels.merge(PaperTables.method(m.loss), 1, Integer::sum);
        }
        List<RunErrors> runs = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String method = PaperTables.method(m.loss);
            if (labels.get(method) > 1) {
                method += " [" + m.name + "]";
            }
            CorruptionErrors.Scores sc = CorruptionErrors.score(clean[i], errors.get(i), baseIndex < 0 ? null : errors.get(baseIndex));
            runs.add(new RunErrors(m.dir, method, m.loss, m.predictor, clean[i], errors.get(i), sc));
        }
        return new Result(dataset, test.size(), List.copyOf(corruptions), skipped, o.severities(),
                baseIndex < 0 ? null : models.get(baseIndex).dir, runs);
    }

    private static String pct(double v) {
        return ReportTable.f(100 * v, 1);
    }

    /** The tables in Table 5's layout: errors (always) and errors normalised by the baseline (with one). */
    static List<ReportTable> tables(Result r) {
        List<String> header = new ArrayList<>(List.of("method", "error", "mCE"));
        for (String c : Corruptions.NAMES) {
            if (r.corruptions().contains(c) || r.skipped().containsKey(c)) {
                header.add(Corruptions.shortName(c));
            }
        }
        String sev = r.severities().size() == 5 ? "severities 1-5" : "severities " + r.severities();
        ReportTable raw = new ReportTable("robustness", "Corruption error on " + r.dataset() + "-C (%, top-1 error averaged over "
                + sev + "; mCE = mean over corruptions)", header);
        ReportTable norm = r.baseline() == null ? null : new ReportTable("robustness-normalised",
                "Corruption error normalised by " + r.baseline().getFileName() + " (%, CE_c = sum_s E_s,c / sum_s E_s,c(baseline); mCE = mean)",
                header);
        for (RunErrors e : r.runs()) {
            List<String> row = new ArrayList<>(List.of(e.method(), pct(e.clean()), pct(e.scores().mce())));
            List<String> nrow = new ArrayList<>(List.of(e.method(), pct(e.clean()), pct(e.scores().normalisedMce())));
            for (String c : Corruptions.NAMES) {
                if (r.corruptions().contains(c)) {
                    row.add(pct(e.scores().errors().get(c)));
                    nrow.add(pct(e.scores().normalised().getOrDefault(c, Double.NaN)));
                } else if (r.skipped().containsKey(c)) {
                    row.add("–");
                    nrow.add("–");
                }
            }
            raw.row(row);
            if (norm != null) {
                norm.row(nrow);
            }
        }
        List<ReportTable> out = new ArrayList<>(List.of(raw));
        if (norm != null) {
            out.add(norm);
        }
        for (ReportTable t : out) {
            t.note("Test set: the first " + r.testImages() + " " + r.dataset() + " test images, each corrupted with the CIFAR-10-C"
                    + " parameters (seeded per image); error = clean top-1 error.");
            for (RunErrors e : r.runs()) {
                t.note(e.method() + ": " + e.dir() + ", predictions of " + (e.predictor().equals("classifier")
                        ? "the loss's trained classifier" : "the classifier saved by " + e.predictor().substring("evaluator:".length())));
            }
            r.skipped().forEach((c, why) -> t.note(c + " not evaluated (mCE over the other " + r.corruptions().size()
                    + " corruptions): " + why));
        }
        return out;
    }

    /** The CSV: one row per run, every score, and the error of every (corruption, severity). */
    static ReportTable csv(Result r) {
        List<String> header = new ArrayList<>(List.of("run", "method", "loss", "predictor", "test_images", "error", "mce", "mce_normalised"));
        for (String c : r.corruptions()) {
            header.add(c);
            header.add(c + "_normalised");
            for (int s : r.severities()) {
                header.add(c + "_s" + s);
            }
        }
        ReportTable t = new ReportTable("robustness", "robustness", header);
        for (RunErrors e : r.runs()) {
            List<String> row = new ArrayList<>(List.of(e.dir().toString(), e.method(), e.loss(), e.predictor(), Integer.toString(r.testImages()),
                    pct4(e.clean()), pct4(e.scores().mce()), pct4(e.scores().normalisedMce())));
            for (String c : r.corruptions()) {
                row.add(pct4(e.scores().errors().get(c)));
                row.add(pct4(e.scores().normalised().getOrDefault(c, Double.NaN)));
                for (int s : r.severities()) {
                    row.add(pct4(e.errors().get(c)[s - 1]));
                }
            }
            t.row(row);
        }
        return t;
    }

    private static String pct4(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", 100 * v);
    }

    private static Map<String, Object> json(Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", r.dataset());
        doc.put("test_images", r.testImages());
        doc.put("severities", new ArrayList<Object>(r.severities()));
        doc.put("corruptions", new ArrayList<Object>(r.corruptions()));
        doc.put("skipped", new LinkedHashMap<String, Object>(r.skipped()));
        doc.put("baseline", r.baseline() == null ? null : r.baseline().toString());
        doc.put("units", "errors are fractions in [0, 1]; normalised values are ratios to the baseline (1 = as the baseline)");
        List<Object> runs = new ArrayList<>();
        for (RunErrors e : r.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", e.dir().toString());
            m.put("method", e.method());
            m.put("loss", e.loss());
            m.put("predictor", e.predictor());
            m.put("clean_error", e.clean());
            m.put("mce", e.scores().mce());
            m.put("mce_normalised", e.scores().normalisedMce());
            Map<String, Object> cs = new LinkedHashMap<>();
            for (String c : r.corruptions()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("errors_by_severity", e.errors().get(c));
                x.put("error", e.scores().errors().get(c));
                x.put("normalised", e.scores().normalised().getOrDefault(c, Double.NaN));
                cs.put(c, x);
            }
            m.put("corruptions", cs);
            runs.add(m);
        }
        doc.put("runs", runs);
        return doc;
    }

    private static void write(Path dir, Result r, List<ReportTable> tables) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Corruption robustness\n\n");
        for (ReportTable t : tables) {
            md.append(t.markdown());
        }
        AtomicFiles.writeString(dir.resolve("robustness.csv"), csv(r).csv());
        AtomicFiles.writeString(dir.resolve("robustness.md"), md.toString());
        AtomicFiles.writeString(dir.resolve("robustness.json"), Json.write(json(r)) + "\n");
    }
}
