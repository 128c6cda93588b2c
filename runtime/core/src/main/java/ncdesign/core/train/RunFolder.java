package ncdesign.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.core.Versions;
import ncdesign.core.config.TrainConfig;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A run folder being written: created (or reopened to resume) with its configuration, log, per-epoch metrics and
 * summary. Its files and their names are those of {@link RunLayout}, the one place that knows them.
 */
public final class RunFolder implements AutoCloseable {
    final Path dir;
    private final List<String> csvColumns = new ArrayList<>();
    private FileAppender appender;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    static RunFolder create(TrainConfig cfg, Trainer.Plan plan, TrainingData data, String device) throws IOException {
        String name = cfg.name();
        if (name.isBlank()) {
            name = cfg.dataset().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + cfg.backbone() + "-" + cfg.loss() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        Path parent = cfg.out();
        Files.createDirectories(parent);
        Path dir = parent.resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("run folder " + dir + " already exists; pass another --name (or remove it)");
        }
        RunFolder rf = new RunFolder(dir);
        Files.createDirectories(RunLayout.features(dir));
        Files.createDirectories(dir.resolve(RunLayout.CHECKPOINTS));
        rf.attachLog();
        Map<String, Object> doc = new LinkedHashMap<>(cfg.asMap());
        doc.put("loss-params", plan.lossParams().asMap()); // resolved, defaults included
        doc.put("backbone-params", plan.backboneParams().asMap());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("loss", new java.util.TreeMap<String, Object>(Map.of("name", plan.lossInfo().name(), "module", plan.lossInfo().module(),
                "version", plan.lossInfo().version(), "params", plan.lossParams().asMap())));
        prov.put("backbone", new java.util.TreeMap<String, Object>(Map.of("name", plan.backboneInfo().name(), "module", plan.backboneInfo().module(),
                "version", plan.backboneInfo().version(), "params", plan.backboneParams().asMap())));
        prov.put("dataset", new java.util.TreeMap<String, Object>(Map.of("name", cfg.dataset(), "train", data.train().size(), "test", data.test().size(),
                "classes", data.classNames()))); // sorted: Map.of's order changes from one JVM to the next
        prov.put("device", device);
        prov.put("versions", Versions.all());
        doc.put("provenance", prov);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        AtomicFiles.writeString(RunLayout.config(dir), new Yaml(o).dump(doc));
        return rf;
    }

    /**
     * Reopens a run folder to resume it after epoch {@code epochsDone}: removes temporary files a killed process
     * left, and drops metric records of epochs after the checkpoint (they will be recomputed identically).
     */
    static RunFolder reopen(Path dir, int epochsDone) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException("cannot resume: " + dir + " is not a run folder");
        }
        int removed = AtomicFiles.cleanStaleTemps(dir);
        RunFolder rf = new RunFolder(dir);
        rf.attachLog();
        if (removed > 0) {
            org.apache.logging.log4j.LogManager.getLogger(RunFolder.class).info("removed {} partial file(s) left by the interrupted run", removed);
        }
        Path jsonl = RunLayout.metricsJsonl(dir);
        Path csv = dir.resolve(RunLayout.METRICS_CSV);
        int recorded = 0; // the last epoch metrics.jsonl records: the CSV, written first, may hold one more
        if (Files.exists(jsonl)) {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\{\"epoch\":(\\d+)").matcher(line);
                if (m.find() && Integer.parseInt(m.group(1)) <= epochsDone) {
                    keep.add(line);
                    recorded = Math.max(recorded, Integer.parseInt(m.group(1)));
                }
            }
            rf.jsonLines.addAll(keep);
            AtomicFiles.writeString(jsonl, keep.isEmpty() ? "" : String.join("\n", keep) + "\n");
        }
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> keep = new ArrayList<>();
            if (!lines.isEmpty()) {
                keep.add(lines.get(0));
                rf.csvColumns.addAll(List.of(lines.get(0).split(",")));
                for (String line : lines.subList(1, lines.size())) {
                    String first = line.split(",", 2)[0];
                    if (first.matches("\\d+") && Integer.parseInt(first) <= recorded) {
                        keep.add(line);
                    }
                }
            }
            rf.csvLines.addAll(keep);
            AtomicFiles.writeString(csv, String.join("\n", keep) + (keep.isEmpty() ? "" : "\n"));
        }
        return rf;
    }

    private void attachLog() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration conf = ctx.getConfiguration();
        appender = FileAppender.newBuilder()
                .setName("run-" + dir.getFileName())
                .withFileName(dir.resolve(RunLayout.LOG).toString())
                .setLayout(PatternLayout.newBuilder().withPattern("%d{ISO8601} %-5level %logger{1} %msg%n").build())
                .setConfiguration(conf)
                .build();
        appender.start();
        conf.addAppender(appender);
        conf.getRootLogger().addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
    }

    private final List<String> jsonLines = new ArrayList<>();
    private final List<String> csvLines = new ArrayList<>();

    /**
     * Adds one record to metrics.jsonl and metrics.csv (the CSV header is fixed by the first record). Both files are
     * rewritten under a temporary name and renamed, so a reader never sees a half-written line; the CSV first, so
     * that an epoch is recorded once it is in metrics.jsonl ({@link #reopen} drops CSV rows beyond it).
     */
    void record(Map<String, Object> row) throws IOException {
        jsonLines.add(Json.write(row));
        if (csvColumns.isEmpty()) {
            csvColumns.addAll(row.keySet());
            csvLines.add(String.join(",", csvColumns));
        }
        List<String> cells = new ArrayList<>();
        for (String c : csvColumns) {
            Object v = row.get(c);
            cells.add(v == null ? "" : v instanceof Double d && (d.isNaN() || d.isInfinite()) ? "" : String.valueOf(v));
        }
        csvLines.add(String.join(",", cells));
        AtomicFiles.writeString(dir.resolve(RunLayout.METRICS_CSV), String.join("\n", csvLines) + "\n");
        AtomicFiles.writeString(RunLayout.metricsJsonl(dir), String.join("\n", jsonLines) + "\n");
    }

    void writeSummary(Map<String, Object> summary) throws IOException {
        AtomicFiles.writeString(RunLayout.summary(dir), Json.write(summary) + "\n");
    }

    @Override
    public void close() {
        if (appender != null) {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Configuration conf = ctx.getConfiguration();
            conf.getRootLogger().removeAppender(appender.getName());
            ctx.updateLoggers();
            appender.stop();
        }
    }
}
