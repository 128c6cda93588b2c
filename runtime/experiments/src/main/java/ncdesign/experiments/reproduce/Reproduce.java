package ncdesign.experiments.reproduce;

import ncdesign.api.error.ConfigException;
import ncdesign.experiments.table.ReportTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.DatasetCatalog;
import ncdesign.io.AtomicFiles;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import ncdesign.report.HtmlReport;
import ncdesign.experiments.Benchmark;
import ncdesign.experiments.PhaseDiagram;
import ncdesign.experiments.Sweep;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code ncd reproduce}: the paper's experiment suite at a chosen scale, one report with every table in the paper's
 * layout, our numbers beside the published ones. Each training run is a cell under {@code OUT/runs/}; a finished
 * cell is not recomputed, a checkpointed one is resumed, so an interrupted reproduction continues where it stopped.
 * <pre>
 * OUT/runs/CELL/     one run folder per cell (as written by ncd train)
 * OUT/report.md      every table, Markdown
 * OUT/report.html    the same, with Figures 2 and 3
 * OUT/tables/ID.csv  each table as CSV
 * OUT/figure2/       Figure 2 panels (PNG + SVG) and their own report
 * OUT/figure3-*.png  Figure 3 phase diagrams
 * </pre>
 */
public final class Reproduce {
    /** Above this estimate the run asks for confirmation (or --yes). */
    static final double CONFIRM_SECONDS = 3600;

    private final Suite suite;
    private final Path out;
    private final Path dataDir;
    private final PrintStream log;
    private final List<String> selected;

    private Reproduce(Suite suite, Path out, Path dataDir, List<String> only, PrintStream log) {
        this.suite = suite;
        this.out = out;
        this.dataDir = dataDir;
        this.log = log;
        if (only.isEmpty()) {
            selected = new ArrayList<>(suite.entries.keySet());
        } else {
            for (String id : only) {
                if (!suite.entries.containsKey(id)) {
                    throw new ConfigException("unknown table '" + id + "' in --only; known: " + String.join(", ", Suite.IDS));
                }
            }
            selected = List.copyOf(only);
        }
    }

    /**
     * Runs the suite and writes the report.
     *
     * @param scale   theory, tiny, small or paper
     * @param only    table ids to run (empty = all)
     * @param out     output folder
     * @param dataDir dataset folder (null: $NCD_DATA, then the system folder)
     * @param yes     start without asking even when the estimate is above an hour
     * @param dryRun  only print the plan and the time estimate
     * @return the HTML report (null for a dry run)
     */
    public static Path run(Scale scale, List<String> only, Path out, Path dataDir, boolean yes, boolean dryRun, PrintStream log) throws IOException {
        return new Reproduce(Suite.of(scale), out, dataDir, only, log).run(yes, dryRun);
    }

    private Path run(boolean yes, boolean dryRun) throws IOException {
        Set<String> needed = new LinkedHashSet<>();
        for (String id : selected) {
            needed.addAll(suite.entries.get(id).cells());
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, TrainConfig> configs = new LinkedHashMap<>();
        for (String name : needed) {
            Cell c = suite.cells.get(name);
            Optional<String> missing = DatasetCatalog.missing(c.dataset(), dataDir);
            if (missing.isPresent()) {
                skipped.put(name, missing.get());
                continue;
            }
            configs.put(name, config(c));
        }
        PluginRegistry reg = PluginRegistry.discover(configs.isEmpty() ? TrainConfig.resolve(null, Map.of(), Map.of(), Map.of()).plugins()
                : configs.values().iterator().next().plugins());
        for (TrainConfig cfg : configs.values()) {
            ncdesign.core.train.Trainer.plan(cfg, reg); // every cell is valid before anything runs
        }
        List<String> todo = new ArrayList<>();
        for (String n : configs.keySet()) {
            if (!Sweep.finished(runs().resolve(n))) {
                todo.add(n);
            }
        }
        log.printf(Locale.ROOT, "reproduce --scale %s: %d tables, %d training runs (%d finished earlier, %d skipped) in %s%n",
                suite.scale.label(), selected.size(), needed.size(), configs.size() - todo.size(), skipped.size(), out.toAbsolutePath());
        skipped.forEach((n, why) -> log.println("  skipped " + n + ": " + why));
        if (!todo.isEmpty()) {
            double seconds = estimate(todo, configs, reg);
            log.printf(Locale.ROOT, "estimated time: %s on this machine (measured training steps; evaluation and NC metrics approximated)%n", duration(seconds));
            if (dryRun) {
                todo.forEach(n -> log.println("  to run: " + n));
                return null;
            }
            if (seconds > CONFIRM_SECONDS && !yes) {
                confirm(seconds);
            }
        }
        if (dryRun) {
            return null;
        }
        Files.createDirectories(runs());
        int i = 0;
        for (String name : todo) {
            i++;
            long t0 = System.nanoTime();
            log.printf(Locale.ROOT, "[%d/%d] %s (%s, %s, %s) ... ", i, todo.size(), name, configs.get(name).loss(),
                    configs.get(name).backbone(), configs.get(name).dataset());
            log.flush();
            quietly(() -> {
                Sweep.runOrResume(name, configs.get(name), reg, runs().resolve(name));
                return null;
            });
            Map<String, Object> s = summary(name);
            log.printf(Locale.ROOT, "%s, test accuracy %.2f%%%n", duration((System.nanoTime() - t0) / 1e9), Tables.accuracy(s));
        }
        return report(skipped);
    }

    /** Work that may throw {@code E}. */
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work} with the training log held at WARN, so that reproduce's own progress lines stay readable. */
    static <T, E extends Exception> T quietly(Work<T, E> work) throws E {
        Level before = org.apache.logging.log4j.LogManager.getLogger("ncdesign.core.train").getLevel();
        Configurator.setLevel("ncdesign.core.train", Level.WARN);
        try {
            return work.run();
        } finally {
            Configurator.setLevel("ncdesign.core.train", before);
        }
    }

    private Path runs() {
        return out.resolve("runs");
    }

    private TrainConfig config(Cell c) {
        Map<String, Object> o = new LinkedHashMap<>(c.options());
        o.put("out", runs().toString());
        o.put("name", c.name());
        if (dataDir != null) {
            o.put("data-dir", dataDir.toString());
        }
        TrainConfig cfg = TrainConfig.resolve(null, o, c.lossParams(), c.backboneParams());
        return c.evaluatorParams().isEmpty() ? cfg : cfg.withEvaluatorParams(c.evaluatorParams());
    }

    /** Seconds for the cells left: a few measured training steps per distinct model, times the images each cell trains on. */
    private double estimate(List<String> todo, Map<String, TrainConfig> configs, PluginRegistry reg) {
        Map<String, Benchmark.StepRate> rates = new LinkedHashMap<>();
        double total = 0;
        for (String name : todo) {
            TrainConfig cfg = configs.get(name);
            String key = cfg.dataset() + "|" + cfg.backbone() + "|" + cfg.batch() + "|" + cfg.loss().equals("scl") + "|" + cfg.longTail();
            Benchmark.StepRate rate = rates.computeIfAbsent(key, k -> {
                double rho = cfg.longTail();
                log.printf(Locale.ROOT, "  timing %s on %s%s, batch %d ...%n", cfg.backbone(), cfg.dataset(), rho < 1 ? "-LT ρ=" + rho : "", cfg.batch());
                return Benchmark.stepRate(cfg, reg, 2, 3);
            });
            double images = (double) cfg.epochs() * rate.trainImages();
            if (cfg.maxSteps() > 0) {
                images = Math.min(images, (double) cfg.maxSteps() * cfg.batch());
            }
            double secs = images / rate.imagesPerSecond();
            // evaluation, NC metrics and trajectories: about a quarter more; probes of SCL: forward passes per probe epoch
            secs *= 1.25;
            if (cfg.loss().equals("scl")) {
                secs += 3 * 0.5 * rate.trainImages() / rate.imagesPerSecond() * probeEpochs(suite.cells.get(name));
            }
            total += secs;
        }
        return total;
    }

    private static int probeEpochs(Cell c) {
        for (String p : c.evaluatorParams()) {
            if (p.startsWith("linear-probe.epochs=")) {
                return Integer.parseInt(p.substring(p.indexOf('=') + 1));
            }
        }
        return 0;
    }

    private void confirm(double seconds) throws IOException {
        String msg = "the estimate (" + duration(seconds) + ") is above an hour";
        if (System.console() == null) {
            throw new ConfigException(msg + "; rerun with --yes to start it, or pick tables with --only");
        }
        log.print(msg + ". Start? [y/N] ");
        log.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
            throw new ConfigException("not started (answered '" + (answer == null ? "" : answer.trim()) + "'); nothing was written");
        }
    }

    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 5400) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private Map<String, Object> summary(String cell) {
        Path f = RunLayout.summary(runs().resolve(cell));
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.readMap(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path report(Map<String, String> skipped) throws IOException {
        Map<String, Map<String, Object>> cache = new LinkedHashMap<>();
        Tables.Results results = new Tables.Results() {
            @Override
            public Map<String, Object> summary(String cell) {
                return skipped.containsKey(cell) ? null : cache.computeIfAbsent(cell, Reproduce.this::summary);
            }

            @Override
            public String skipped(String cell) {
                return skipped.get(cell);
            }

            @Override
            public Path dir(String cell) {
                return runs().resolve(cell);
            }
        };
        List<ReportTable> tables = new ArrayList<>();
        for (String id : Suite.IDS) {
            if (!selected.contains(id)) {
                continue;
            }
            Suite.Entry e = suite.entries.get(id);
            if (e.notRun() != null) {
                tables.add(new ReportTable(id, title(id), List.of()).note("Not run at this scale: " + e.notRun() + "."));
                continue;
            }
            tables.add(render(e, results));
        }
        StringBuilder md = new StringBuilder("# Neural Collapse by Design — reproduction, scale '" + suite.scale.label() + "'\n\n");
        md.append("Our numbers beside the paper's published ones (Δ = ours − paper). Runs: `runs/`. ")
                .append("Written by `ncd reproduce --scale ").append(suite.scale.label()).append("`.\n\n");
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>ncdesign reproduction</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1300px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}")
                .append("img{max-width:560px;margin:4px}</style></head><body><h1>Neural Collapse by Design — reproduction, scale '")
                .append(suite.scale.label()).append("'</h1><p>Our numbers beside the paper's published ones (Δ = ours − paper).</p>\n");
        Path tablesDir = out.resolve("tables");
        Files.createDirectories(tablesDir);
        for (ReportTable t : tables) {
            md.append(t.markdown());
            html.append(t.html());
            if (!t.rows.isEmpty()) {
                AtomicFiles.writeString(tablesDir.resolve(t.id + ".csv"), t.csv());
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.writeString(out.resolve("report.md"), md.toString());
        Path file = out.resolve("report.html");
        AtomicFiles.writeString(file, html.toString());
        log.println("report: " + file.toAbsolutePath() + " (and report.md, tables/*.csv)");
        return file;
    }

    private static String title(String id) {
        return switch (id) {
            case "theorem" -> "Theorem 4.1 on the unconstrained-features model";
            case "table4" -> "Table 4: transfer learning";
            case "table5" -> "Table 5: corruption robustness";
            case "table11" -> "Table 11: ImageNet-1K accuracy against batch size";
            case "table12" -> "Table 12: ImageNet-100 by backbone";
            default -> id;
        };
    }

    private ReportTable render(Suite.Entry e, Tables.Results r) throws IOException {
        return switch (e.id()) {
            case "theorem" -> Tables.theorem(suite, e, r);
            case "table1" -> Tables.table1(suite, e, r);
            case "table2", "table14" -> Tables.scl(e.id(), suite, e, r);
            case "table3" -> Tables.table3(suite, e, r);
            case "table4" -> Downstream.table4(suite, e, r, out, dataDir, log);
            case "table5" -> Downstream.table5(suite, e, r, out, dataDir, log);
            case "table6" -> Tables.table6(suite, e, r);
            case "table7" -> Tables.table7(suite, e, r);
            case "table9-10" -> Tables.table910(suite, e, r);
            case "table13" -> Tables.table13(suite, e, r);
            case "figure2" -> figure2(e, r);
            case "figure3" -> figure3(e, r);
            default -> throw new IllegalStateException("no renderer for " + e.id());
        };
    }

    private ReportTable figure2(Suite.Entry e, Tables.Results r) throws IOException {
        List<Path> dirs = e.cells().stream().filter(c -> r.summary(c) != null).map(r::dir).toList();
        ReportTable t = new ReportTable("figure2", "Figure 2: NC metrics against training steps", List.of());
        if (dirs.isEmpty()) {
            return t.note("no finished runs");
        }
        HtmlReport.write(dirs, out.resolve("figure2"), 0.6, 95, 0.05);
        t.note("Each metric as % of its optimum, one line per loss; dashed: the 95% threshold; markers: convergence points. "
                + "Full page with the convergence table: figure2/report.html.");
        t.image("figure2/fig2-train-accuracy.png");
        for (String m : Tables.TABLE7) {
            t.image("figure2/fig2-" + m + ".png");
        }
        return t;
    }

    private ReportTable figure3(Suite.Entry e, Tables.Results r) throws IOException {
        ReportTable t = new ReportTable("figure3", "Figure 3: test accuracy phase diagrams over τ × batch size", List.of());
        for (String loss : Suite.NORMALISED) {
            Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
            Map<String, Double> acc = new LinkedHashMap<>();
            for (String c : e.cells()) {
                Cell cell = suite.cells.get(c);
                if (cell.loss().equals(loss) && r.summary(c) != null) {
                    groups.put(c, Map.of("tau", cell.options().get("tau"), "batch", cell.options().get("batch")));
                    acc.put(c, Tables.accuracy(r.summary(c)));
                }
            }
            if (groups.isEmpty()) {
                continue;
            }
            Path png = PhaseDiagram.write(out.resolve("figure3-" + loss), new ArrayList<>(suite.taus), new ArrayList<>(suite.tauBatches), groups, acc);
            t.image(png.getFileName().toString());
        }
        t.note("One diagram per loss (NormFace, NTCE, NONL); cells are test accuracy, the top 10% outlined.");
        return t;
    }
}
