package ncdesign.experiments;

import ncdesign.api.error.ConfigException;
import ncdesign.core.train.Trainer;
import ncdesign.inference.ModelExporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ncdesign.core.config.TrainConfig;
import ncdesign.io.AtomicFiles;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.io.Json;
import ncdesign.io.JsonFileException;
import ncdesign.io.RunLayout;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code ncd sweep}: a grid of training runs from a configuration file, resumable (a finished cell, one with a whole
 * summary.json, is skipped, a
 * checkpointed one resumed, a cell that never reached a checkpoint restarted), with a summary table that averages
 * over seeds (mean ± standard deviation) and, when the grid varies τ and the batch size, the accuracy phase diagram.
 * <pre>
 * base: {dataset: fashion-mnist, backbone: mlp, loss: nonl, epochs: 2}
 * grid: {tau: [0.05, 0.1, 0.2], batch: [64, 128], seed: [1, 2]}
 * </pre>
 * Keys of {@code base} and {@code grid} are training options, or plugin parameters: {@code loss.KEY},
 * {@code backbone.KEY}, {@code evaluator.NAME.KEY}, {@code metric.NAME.KEY} (e.g. {@code loss.gamma: [0, 2]},
 * {@code backbone.widths: [[512], [1024, 512]]}), or the maps of a configuration file ({@code loss-params: {...}},
 * whose grid values are lists of maps). The τ axis of the phase diagram is {@code tau}, or {@code loss.T} where T is
 * the temperature parameter every cell's loss declares.
 */
public final class Sweep {
    private static final Logger LOG = LogManager.getLogger(Sweep.class);

    private Sweep() {
    }

    /** One cell of the grid. */
    record Cell(String name, Map<String, Object> values) {
    }

    @SuppressWarnings("unchecked")
    static List<Cell> cells(Map<String, Object> grid) {
        List<Cell> out = new ArrayList<>();
        out.add(new Cell("", new LinkedHashMap<>()));
        for (Map.Entry<String, Object> axis : grid.entrySet()) {
            if (!(axis.getValue() instanceof List<?> vals) || vals.isEmpty()) {
                throw new ConfigException("grid entry '" + axis.getKey() + "' must be a non-empty list of values");
            }
            List<Cell> next = new ArrayList<>();
            for (Cell c : out) {
                for (Object v : vals) {
                    Map<String, Object> m = new LinkedHashMap<>(c.values());
                    m.put(axis.getKey(), v);
                    String part = axis.getKey() + String.valueOf(v).replaceAll("[^A-Za-z0-9.-]", "_");
                    next.add(new Cell(c.name().isEmpty() ? part : c.name() + "_" + part, m));
                }
            }
            out = next;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static void run(Path configFile, Path outDir, int parallel, PrintStream out) throws Exception {
        Map<String, Object> doc = TrainConfig.readFile(configFile);
        for (String k : doc.keySet()) {
            if (!k.equals("base") && !k.equals("grid")) {
                throw new ConfigException("unknown key '" + k + "' in sweep file " + configFile + "; use base: {...} and grid: {...}");
            }
        }
        Map<String, Object> base = (Map<String, Object>) doc.getOrDefault("base", Map.of());
        Map<String, Object> grid = (Map<String, Object>) doc.get("grid");
        if (grid == null || grid.isEmpty()) {
            throw new ConfigException("sweep file " + configFile + " has no grid: {option: [values], ...}");
        }
        List<Cell> cells = cells(grid);
        // validate every cell before running anything
        List<TrainConfig> configs = new ArrayList<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallel));
        for (Cell c : cells) {
            Map<String, Object> o = new LinkedHashMap<>(base);
            o.putAll(c.values());
            o.put("out", outDir.toString());
            o.put("name", c.name());
            o.putIfAbsent("threads", threads);
            configs.add(config(o));
        }
        Files.createDirectories(outDir);
        PluginRegistry reg = PluginRegistry.discover(configs.get(0).plugins());
        java.util.Set<String> temperatures = new java.util.HashSet<>();
        for (TrainConfig cfg : configs) {
            temperatures.add(String.valueOf(Trainer.plan(cfg, reg).temperatureParameter()));
        }
        String tauAxis = tauAxis(grid, temperatures);
        out.printf(Locale.ROOT, "sweep: %d runs in %s (%d at a time)%n", cells.size(), outDir, parallel);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                TrainConfig cfg = configs.get(i);
                jobs.add(pool.submit(() -> {
                    runOrResume(c.name(), cfg, reg, outDir.resolve(c.name()));
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        summarise(cells, grid, tauAxis, outDir, out);
    }

    /**
     * The training configuration of one cell from its options: training options as they are, plugin parameters from
     * {@code loss.KEY}, {@code backbone.KEY}, {@code evaluator.NAME.KEY}, {@code metric.NAME.KEY} and the
     * {@code loss-params}/{@code backbone-params}/{@code evaluator-params}/{@code metric-params} maps (a dotted key
     * wins over the same parameter in a map).
     */
    static TrainConfig config(Map<String, Object> values) {
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, Object> loss = new LinkedHashMap<>();
        Map<String, Object> backbone = new LinkedHashMap<>();
        List<String> evaluators = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        Map<String, Object> dotted = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String k = e.getKey();
            switch (k) {
                case "loss-params" -> loss.putAll(map(k, e.getValue()));
                case "backbone-params" -> backbone.putAll(map(k, e.getValue()));
                case "evaluator-params", "metric-params" -> map(k, e.getValue()).forEach((name, kv) -> map(k + "." + name, kv)
                        .forEach((key, v) -> (k.startsWith("evaluator") ? evaluators : metrics).add(name + "." + key + "=" + text(v))));
                default -> (k.contains(".") ? dotted : options).put(k, e.getValue());
            }
        }
        for (Map.Entry<String, Object> e : dotted.entrySet()) {
            String k = e.getKey();
            String kind = k.substring(0, k.indexOf('.'));
            String rest = k.substring(kind.length() + 1);
            boolean named = kind.equals("evaluator") || kind.equals("metric");
            if (!List.of("loss", "backbone", "evaluator", "metric").contains(kind) || rest.isEmpty()
                    || (named && (rest.indexOf('.') <= 0 || rest.endsWith(".")))) {
                throw new ConfigException("sweep key '" + k + "' is neither an option nor a plugin parameter;"
                        + " use loss.KEY, backbone.KEY, evaluator.NAME.KEY or metric.NAME.KEY");
            }
            switch (kind) {
                case "loss" -> loss.put(rest, e.getValue());
                case "backbone" -> backbone.put(rest, e.getValue());
                case "evaluator" -> evaluators.add(rest + "=" + text(e.getValue()));
                default -> metrics.add(rest + "=" + text(e.getValue()));
            }
        }
        return TrainConfig.resolve(null, options, loss, backbone).withEvaluatorParams(evaluators).withMetricParams(metrics);
    }

    private static Map<String, Object> map(String key, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException("sweep key '" + key + "' must be a mapping of parameter: value, got " + v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
        return out;
    }

    /** A value as command-line text: lists comma-separated. */
    private static String text(Object v) {
        return v instanceof List<?> l ? l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) : String.valueOf(v);
    }

    /**
     * The grid key that is the phase diagram's τ axis: {@code tau} (the {@code --tau} option), else {@code loss.T}
     * when every cell's loss declares the same temperature parameter T; null when the grid varies no temperature.
     *
     * @param temperatures the temperature parameter of every cell's loss ("null" for one without)
     */
    static String tauAxis(Map<String, Object> grid, java.util.Set<String> temperatures) {
        if (grid.containsKey("tau")) {
            return "tau";
        }
        if (temperatures.size() == 1) {
            String key = "loss." + temperatures.iterator().next();
            return grid.containsKey(key) ? key : null;
        }
        return null;
    }

    /**
     * Runs one cell into {@code dir} (its configured run folder): skipped when it finished earlier, resumed from its
     * checkpoint when it has one, otherwise started again from scratch.
     */
    public static void runOrResume(String name, TrainConfig cfg, PluginRegistry reg, Path dir) throws IOException {
        if (finished(dir)) {
            LOG.info("{}: finished earlier, skipped", name);
            return;
        }
        if (Files.exists(RunLayout.lastCheckpoint(dir)) || Files.exists(RunLayout.previousCheckpoint(dir))) {
            LOG.info("{}: resuming", name);
            Trainer.resume(dir, Trainer.QUIET);
            return;
        }
        ModelExporter.deleteTree(dir); // never reached a checkpoint: start it again
        LOG.info("{}: starting", name);
        Trainer.run(cfg, reg, Trainer.QUIET);
    }

    /**
     * Whether the run in {@code dir} finished: its summary.json exists and is a whole JSON object. A truncated or
     * corrupt one (a full disk, a copy cut short) is not a finished run: it is reported and the run is done again.
     */
    public static boolean finished(Path dir) throws IOException {
        Path summary = RunLayout.summary(dir);
        if (!Files.exists(summary)) {
            return false;
        }
        try {
            Json.readMap(summary);
            return true;
        } catch (JsonFileException e) {
            LOG.warn("{}; the run has not finished, so it runs again", e.getMessage());
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static void summarise(List<Cell> cells, Map<String, Object> grid, String tauAxis, Path outDir, PrintStream out)
            throws IOException {
        Map<String, List<double[]>> groups = new TreeMap<>();
        Map<String, Map<String, Object>> groupValues = new LinkedHashMap<>();
        for (Cell c : cells) {
            Map<String, Object> s = Json.readMap(RunLayout.summary(outDir.resolve(c.name())));
            Map<String, Object> m = (Map<String, Object>) s.getOrDefault("metrics", Map.of());
            Map<String, Object> key = new LinkedHashMap<>(c.values());
            key.remove("seed");
            String name = key.toString();
            if (tauAxis != null) {
                key.put("tau", c.values().get(tauAxis)); // the phase diagram's τ, whatever the loss calls it
            }
            groupValues.put(name, key);
            groups.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {
                num(s.get("test_accuracy")), pct(m, "erank-inter"), pct(m, "align-weight-instance")});
        }
        StringBuilder csv = new StringBuilder("cell,runs,test_accuracy_mean,test_accuracy_std,erank_inter_pct_mean,erank_inter_pct_std,"
                + "align_weight_instance_pct_mean,align_weight_instance_pct_std\n");
        out.printf(Locale.ROOT, "%n%-40s %5s %18s %18s %18s%n", "CELL", "RUNS", "TEST ACCURACY %", "ERANK-INTER %OPT", "ALIGN-W-I %OPT");
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            double[][] cols = new double[3][];
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-40s %5d", g.getKey(), g.getValue().size()));
            csv.append('"').append(g.getKey()).append("\",").append(g.getValue().size());
            for (int j = 0; j < 3; j++) {
                final int jj = j;
                cols[j] = g.getValue().stream().mapToDouble(r -> r[jj]).toArray();
                double mean = mean(cols[j]);
                double sd = std(cols[j]);
                double scale = j == 0 ? 100 : 1;
                line.append(String.format(Locale.ROOT, " %9.2f ± %-6.2f", scale * mean, scale * sd));
                csv.append(String.format(Locale.ROOT, ",%.6g,%.6g", scale * mean, scale * sd));
            }
            csv.append('\n');
            out.println(line);
            accuracy.put(g.getKey(), 100 * mean(cols[0]));
        }
        AtomicFiles.writeString(outDir.resolve("sweep-summary.csv"), csv.toString());
        if (tauAxis != null && grid.containsKey("batch")) {
            Path png = PhaseDiagram.write(outDir.resolve("phase-diagram"), (List<Object>) grid.get(tauAxis), (List<Object>) grid.get("batch"),
                    groupValues, accuracy);
            out.println("phase diagram: " + png.toAbsolutePath());
        }
        out.println("summary: " + outDir.resolve("sweep-summary.csv").toAbsolutePath());
    }

    private static double pct(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Map<?, ?> mm ? num(mm.get("percent_of_optimum")) : Double.NaN;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single run. */
    static double std(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
