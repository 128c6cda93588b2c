package ncdesign.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ncdesign.api.error.ConfigException;
import ncdesign.api.param.Params;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A validated training configuration: the options of {@link TrainOptions} plus the loss's, backbone's, evaluators'
 * and metrics' own hyper-parameters (validated later against the chosen plugins). Built from a YAML/JSON file overlaid with
 * command-line values; everything is checked before any work starts.
 */
public final class TrainConfig {
    private final Params options;
    private final Map<String, Object> lossParams;
    private final Map<String, Object> backboneParams;
    private final Map<String, Map<String, Object>> evaluatorParams;
    private final Map<String, Map<String, Object>> metricParams;

    private TrainConfig(Params options, Map<String, Object> lossParams, Map<String, Object> backboneParams,
                        Map<String, Map<String, Object>> evaluatorParams, Map<String, Map<String, Object>> metricParams) {
        this.options = options;
        this.lossParams = Map.copyOf(lossParams);
        this.backboneParams = Map.copyOf(backboneParams);
        this.evaluatorParams = Map.copyOf(evaluatorParams);
        this.metricParams = Map.copyOf(metricParams);
    }

    /** Evaluator hyper-parameters by evaluator name ({@code --evaluator-param NAME.KEY=VALUE}). */
    public Map<String, Map<String, Object>> evaluatorParams() {
        return evaluatorParams;
    }

    /** The same configuration with evaluator hyper-parameters added (command line over file). */
    public TrainConfig withEvaluatorParams(List<String> dotted) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        evaluatorParams.forEach((k, v) -> m.put(k, new LinkedHashMap<>(v)));
        for (Map.Entry<String, Object> e : pairs("--evaluator-param", dotted).entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0) {
                throw new ConfigException("--evaluator-param expects EVALUATOR.KEY=VALUE, e.g. linear-probe.epochs=20; got '" + e.getKey() + "'");
            }
            m.computeIfAbsent(e.getKey().substring(0, dot), x -> new LinkedHashMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
        }
        return new TrainConfig(options, lossParams, backboneParams, m, metricParams);
    }

    /** Metric hyper-parameters by metric name ({@code --metric-param NAME.KEY=VALUE}). */
    public Map<String, Map<String, Object>> metricParams() {
        return metricParams;
    }

    /** The same configuration with metric hyper-parameters added (command line over file). */
    public TrainConfig withMetricParams(List<String> dotted) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        metricParams.forEach((k, v) -> m.put(k, new LinkedHashMap<>(v)));
        dottedPairs("--metric-param", "nc1.rcond=1e-8", dotted).forEach((k, v) -> m.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(v));
        return new TrainConfig(options, lossParams, backboneParams, evaluatorParams, m);
    }

    /** Parses {@code NAME.KEY=VALUE} pairs from the command line into name → key → value. */
    public static Map<String, Map<String, Object>> dottedPairs(String option, String example, List<String> dotted) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : pairs(option, dotted).entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0 || dot == e.getKey().length() - 1) {
                throw new ConfigException(option + " expects NAME.KEY=VALUE, e.g. " + example + "; got '" + e.getKey() + "'");
            }
            m.computeIfAbsent(e.getKey().substring(0, dot), x -> new LinkedHashMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
        }
        return m;
    }

    /**
     * Resolves a configuration.
     *
     * @param file     YAML or JSON file with option keys (may be null)
     * @param cli      values given on the command line (override the file)
     * @param lossCli  {@code --loss-param k=v} values
     * @param bbCli    {@code --backbone-param k=v} values
     */
    public static TrainConfig resolve(Path file, Map<String, Object> cli, Map<String, Object> lossCli, Map<String, Object> bbCli) {
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, Object> loss = new LinkedHashMap<>();
        Map<String, Object> bb = new LinkedHashMap<>();
        Map<String, Map<String, Object>> ev = new LinkedHashMap<>();
        Map<String, Map<String, Object>> mp = new LinkedHashMap<>();
        if (file != null) {
            Map<String, Object> fromFile = readFile(file);
            for (Map.Entry<String, Object> e : fromFile.entrySet()) {
                switch (e.getKey()) {
                    case "loss-params" -> loss.putAll(asMap(file, e));
                    case "backbone-params" -> bb.putAll(asMap(file, e));
                    case "evaluator-params" -> {
                        Map<String, Object> all = asMap(file, e);
                        for (Map.Entry<String, Object> x : all.entrySet()) {
                            ev.put(x.getKey(), asMap(file, x));
                        }
                    }
                    case "metric-params" -> {
                        for (Map.Entry<String, Object> x : asMap(file, e).entrySet()) {
                            mp.put(x.getKey(), asMap(file, x));
                        }
                    }
                    case "provenance" -> {
                        // written into a run's config.yaml for the record; not an input
                    }
                    default -> raw.put(e.getKey(), e.getValue() instanceof List<?> l
                            ? l.stream().map(String::valueOf).collect(Collectors.joining(","))
                            : e.getValue());
                }
            }
        }
        raw.putAll(cli);
        loss.putAll(lossCli);
        bb.putAll(bbCli);
        Params p = Params.resolve("ncd train", TrainOptions.SPECS, raw);
        TrainOptionChecks.check(p);
        TrainConfig cfg = new TrainConfig(p, loss, bb, ev, mp);
        cfg.maxSkipped(1); // a malformed --max-skipped stops here, before any work
        return cfg;
    }

    /** Reads a YAML or JSON mapping; errors name the file. */
    public static Map<String, Object> readFile(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            LoaderOptions strict = new LoaderOptions();
            strict.setAllowDuplicateKeys(false); // SnakeYAML's default keeps the last of two values silently
            Object o = new Yaml(new SafeConstructor(strict)).load(r);
            if (o == null) {
                return Map.of();
            }
            if (!(o instanceof Map<?, ?> m)) {
                throw new ConfigException("config file " + file + " must hold a mapping of option: value, found " + o.getClass().getSimpleName());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        } catch (DuplicateKeyException e) {
            String key = e.getProblem().replaceFirst("^found duplicate key ", "");
            String line = e.getProblemMark() == null ? "" : " (again at line " + (e.getProblemMark().getLine() + 1) + ")";
            throw new ConfigException("config file " + file + " sets '" + key + "' twice" + line + "; keep one of the two");
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML/JSON: " + e.getMessage().replace('\n', ' '));
        }
    }

    private static Map<String, Object> asMap(Path file, Map.Entry<String, Object> e) {
        if (!(e.getValue() instanceof Map<?, ?> m)) {
            throw new ConfigException("'" + e.getKey() + "' in " + file + " must be a mapping of parameter: value");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Parses {@code k=v} pairs from the command line. */
    public static Map<String, Object> pairs(String option, List<String> kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String s : kv) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(option + " expects key=value, got '" + s + "'");
            }
            out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return out;
    }

    public Params options() {
        return options;
    }

    public Map<String, Object> lossParams() {
        return lossParams;
    }

    public Map<String, Object> backboneParams() {
        return backboneParams;
    }

    public String dataset() {
        return options.getString("dataset");
    }

    public String backbone() {
        return options.getString("backbone");
    }

    public String loss() {
        return options.getString("loss");
    }

    // Typed access to every option the runtime reads: the keys are written here and in TrainOptions only.

    /** Folder of third-party plugin jars. */
    public Path plugins() {
        return Path.of(options.getString("plugins"));
    }

    /** Folder holding the dataset files, or null for the default locations ($NCD_DATA, then /usr/share/datasets). */
    public Path dataDir() {
        String dir = options.getString("data-dir");
        return dir.isBlank() ? null : Path.of(dir);
    }

    /** Imbalance ratio ρ of a long-tailed training set (1 = balanced). */
    public double longTail() {
        return options.getDouble("long-tail");
    }

    /** Augmentation name (auto, none, crop-flip, flip, contrastive). */
    public String augment() {
        return options.getString("augment");
    }

    /** The temperature passed to the loss, or 0 for the loss's default. */
    public double tau() {
        return options.getDouble("tau");
    }

    public double momentum() {
        return options.getDouble("momentum");
    }

    public double weightDecay() {
        return options.getDouble("weight-decay");
    }

    public double warmupEpochs() {
        return options.getDouble("warmup-epochs");
    }

    /** NC metrics every this many steps on a fixed training subset (0 = off), and that subset's size. */
    public int ncEvery() {
        return options.getInt("nc-every");
    }

    public int ncSubset() {
        return options.getInt("nc-subset");
    }

    /** Epochs (besides the last) whose features are cached. */
    public List<Integer> cacheEpochs() {
        return options.getIntList("cache-epochs");
    }

    /** Whether data-parallel contrastive losses take negatives from the global batch. */
    public boolean globalNegatives() {
        return options.getBoolean("global-negatives");
    }

    /** The projection head plugin of contrastive losses. */
    public String head() {
        return options.getString("head");
    }

    /** Parent folder of run folders. */
    public Path out() {
        return Path.of(options.getString("out"));
    }

    /** The run folder's name, or blank for the generated one. */
    public String name() {
        return options.getString("name");
    }

    /** Batch size of feature extraction. */
    public int evalBatch() {
        return options.getInt("eval-batch");
    }

    /** Where TensorFlow runs, as given (cpu, auto, gpu, gpu:N). */
    public String device() {
        return options.getString("device");
    }

    /** fp32, tf32, bf16 or fp16. */
    public String precision() {
        return options.getString("precision");
    }

    /** Whether XLA auto-clusters the graph ({@code --xla}). */
    public boolean xla() {
        return options.getBoolean("xla");
    }

    /** Where the NC metrics' heavy linear algebra runs, as given. */
    public String metricsDevice() {
        return options.getString("metrics-device");
    }

    /** Whether a non-finite batch is skipped (true) or stops the run. */
    public boolean skipDivergent() {
        return options.getString("on-divergence").equals("skip");
    }

    /**
     * How many batches {@code --on-divergence skip} may skip in a run of {@code totalSteps} steps: the count given, or
     * the percentage of the steps, rounded down.
     */
    public long maxSkipped(long totalSteps) {
        String v = options.getString("max-skipped").trim();
        boolean percent = v.endsWith("%");
        String number = percent ? v.substring(0, v.length() - 1).trim() : v;
        double x;
        try {
            x = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!Double.isFinite(x) || x < 0 || (percent && x > 100) || (!percent && x != Math.rint(x))) {
            throw new ConfigException("--max-skipped must be a count of batches (e.g. 20) or a percentage of the run's steps"
                    + " from 0% to 100% (e.g. 1%), got '" + v + "'");
        }
        return percent ? (long) Math.floor(x * totalSteps / 100 + 1e-9) : (long) x;
    }

    /** Steps between the extra checkpoints written within an epoch (0 = only at the end of every epoch). */
    public int checkpointEvery() {
        return options.getInt("checkpoint-every");
    }

    /** Training epochs. */
    public int epochs() {
        return options.getInt("epochs");
    }

    /** A cap on the training steps (0: none), for smoke tests and benchmarks. */
    public int maxSteps() {
        return options.getInt("max-steps");
    }

    /** Mini-batch size (per worker in data-parallel runs). */
    public int batch() {
        return options.getInt("batch");
    }

    /** Peak learning rate of the cosine schedule. */
    public double lr() {
        return options.getDouble("lr");
    }

    /** Seed of initialisation, data order and augmentation. */
    public long seed() {
        return options.getInt("seed");
    }

    /** TensorFlow intra-op threads; 0 in the options means one per available processor. */
    public int threads() {
        int t = options.getInt("threads");
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /** Comma-separated option as a list, empty entries dropped. */
    public List<String> list(String key) {
        return Arrays.stream(options.getString(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    /** Everything, for the run folder's config.yaml. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(options.asMap());
        m.put("loss-params", lossParams);
        m.put("backbone-params", backboneParams);
        m.put("evaluator-params", evaluatorParams);
        m.put("metric-params", metricParams);
        return m;
    }
}
