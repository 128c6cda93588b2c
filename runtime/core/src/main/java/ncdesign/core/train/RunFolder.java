package ncdesign.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.core.ErrorLines;
import ncdesign.core.Versions;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.io.JsonLines;
import ncdesign.io.RunLayout;
import ncdesign.io.RunLock;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
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
    /** The lock taken by {@link #create}; a resumed run's lock belongs to {@link Trainer#resume}. */
    private RunLock lock;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    static RunFolder create(TrainConfig cfg, Trainer.Plan plan, TrainingData data, String device) throws IOException {
        Path parent = cfg.out();
        Files.createDirectories(parent);
        Path dir = makeDirectory(parent, cfg);
        RunFolder rf = new RunFolder(dir);
        try {
            rf.lock = lock(dir);
            Files.createDirectories(RunLayout.features(dir));
            Files.createDirectories(dir.resolve(RunLayout.CHECKPOINTS));
            rf.attachLog();
            AtomicFiles.writeString(RunLayout.config(dir), configYaml(cfg, plan, data, device));
            return rf;
        } catch (IOException | RuntimeException | Error e) {
            boolean ours = rf.lock != null;
            try {
                rf.close();
                if (ours) {
                    deleteTree(dir); // nothing in it yet: leave no folder that can neither be resumed nor reused
                }
            } catch (IOException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
    }

    /**
     * Creates the run folder: {@code --name}, which must not exist yet, or a generated name made unique with
     * {@code -2}, {@code -3}, ... when another run took it (two runs started in the same second).
     */
    private static Path makeDirectory(Path parent, TrainConfig cfg) throws IOException {
        if (!cfg.name().isBlank()) {
            Path dir = parent.resolve(cfg.name());
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                boolean unfinished = Files.isRegularFile(RunLayout.config(dir)) && !Files.exists(RunLayout.summary(dir));
                throw new ConfigException("run folder " + dir + " already exists; "
                        + (unfinished ? "continue it with ncd train --resume " + dir + ", or " : "") + "pass another --name (or remove it)");
            }
        }
        String name = cfg.dataset().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + cfg.backbone() + "-" + cfg.loss() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int i = 1; i <= 10_000; i++) {
            try {
                return Files.createDirectory(parent.resolve(i == 1 ? name : name + "-" + i));
            } catch (FileAlreadyExistsException e) {
                // another run started in the same second: try the next suffix
            }
        }
        throw new ConfigException("10000 run folders named " + parent.resolve(name) + "-N exist already; pass --name");
    }

    private static String configYaml(TrainConfig cfg, Trainer.Plan plan, TrainingData data, String device) {
        Map<String, Object> doc = new LinkedHashMap<>(cfg.asMap());
        doc.put("loss-params", plan.lossParams().asMap()); // resolved, defaults included
        doc.put("backbone-params", plan.backboneParams().asMap());
        Map<String, Object> prov = new LinkedHashMap<>();
        Map<Path, String> hashes = new java.util.HashMap<>(); // one jar serves many plugins: hash it once
        prov.put("loss", provenance(plan.lossInfo(), plan.lossParams().asMap(), hashes));
        prov.put("backbone", provenance(plan.backboneInfo(), plan.backboneParams().asMap(), hashes));
        if (plan.headInfo() != null) {
            prov.put("head", provenance(plan.headInfo(), null, hashes));
        }
        Map<String, Object> others = new LinkedHashMap<>();
        plan.metrics().entries().forEach(e -> others.put("metric " + e.info().name(), provenance(e.info(), e.params().asMap(), hashes)));
        plan.evaluators().forEach(p -> others.put("evaluator " + p.name(), provenance(p, null, hashes)));
        prov.put("plugins", others);
        prov.put("dataset", new java.util.TreeMap<String, Object>(Map.of("name", cfg.dataset(), "train", data.train().size(), "test", data.test().size(),
                "classes", data.classNames()))); // sorted: Map.of's order changes from one JVM to the next
        prov.put("device", device);
        prov.put("versions", Versions.all());
        doc.put("provenance", prov);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(doc);
    }

    /** Locks run folder {@code dir} for this process; a folder another process writes is refused, naming it. */
    static RunLock lock(Path dir) throws IOException {
        try {
            return RunLock.acquire(dir);
        } catch (RunLock.HeldException e) {
            throw new DataException(e.getMessage());
        }
    }

    /**
     * Where a plugin came from: name, module, version, the jar it was loaded from and that jar's SHA-256 (taken from
     * {@code hashes} when another plugin of the same jar was hashed already).
     */
    private static Map<String, Object> provenance(PluginInfo p, Map<String, Object> params, Map<Path, String> hashes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("module", p.module());
        m.put("version", p.version());
        m.put("jar", p.location() == null ? p.source() : p.location().getFileName().toString());
        String sha = p.location() == null ? null : hashes.computeIfAbsent(p.location(), l -> p.sha256());
        if (sha != null) {
            m.put("sha256", sha);
        }
        if (params != null) {
            m.put("params", params);
        }
        return m;
    }

    /**
     * Reopens a run folder to resume it after epoch {@code epochsDone} (0: from the start), under {@code lock}
     * (null on a worker that does not write): removes temporary files a killed process left, drops metric records
     * of epochs after the checkpoint (they will be recomputed identically) and a truncated last record.
     */
    static RunFolder reopen(Path dir, int epochsDone, RunLock lock) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException("cannot resume: " + dir + " is not a run folder");
        }
        int removed = AtomicFiles.cleanStaleTemps(dir);
        RunFolder rf = new RunFolder(dir);
        rf.attachLog();
        Logger log = LogManager.getLogger(RunFolder.class);
        if (lock != null) {
            lock.staleHolder().ifPresent(h -> log.warn("took over the lock of {}, which is no longer running", h));
        }
        if (removed > 0) {
            log.info("removed {} partial file(s) left by the interrupted run", removed);
        }
        Path jsonl = RunLayout.metricsJsonl(dir);
        Path csv = dir.resolve(RunLayout.METRICS_CSV);
        int recorded = 0; // the last epoch metrics.jsonl records: the CSV, written first, may hold one more
        if (Files.exists(jsonl)) {
            List<String> keep = new ArrayList<>();
            for (JsonLines.Line line : JsonLines.readRepairing(jsonl, m -> log.warn(m))) {
                if (line.value().get("epoch") instanceof Number e && e.intValue() <= epochsDone) {
                    keep.add(line.text());
                    recorded = Math.max(recorded, e.intValue());
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
                for (int i = 1; i < lines.size(); i++) {
                    String[] cells = lines.get(i).split(",", -1);
                    if (cells[0].matches("\\d+") && Integer.parseInt(cells[0]) <= recorded) {
                        if (cells.length == rf.csvColumns.size()) {
                            keep.add(lines.get(i));
                        } else {
                            log.warn("{}, line {}: dropped a truncated row ({} of {} columns)", csv, i + 1, cells.length, rf.csvColumns.size());
                        }
                    }
                }
            }
            rf.csvLines.addAll(keep);
            AtomicFiles.writeString(csv, String.join("\n", keep) + (keep.isEmpty() ? "" : "\n"));
        }
        return rf;
    }

    /**
     * Runs {@code body}, the work of a run in folder {@code dir}; a failure is first appended to the run's log.txt as
     * the {@code ncd: error:} line the CLI prints (an internal error with its stack trace), so a job whose standard
     * error was lost still says why it stopped.
     */
    static <T> T logFailure(Path dir, Work<T> body) throws IOException {
        try {
            return body.run();
        } catch (IOException | RuntimeException | Error e) {
            logFatal(dir, e);
            throw e;
        }
    }

    /** The work of a run. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    private static void logFatal(Path dir, Throwable e) {
        String line = ErrorLines.of(e);
        StringBuilder text = new StringBuilder(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS")))
                .append(" ERROR ncd ").append(line != null ? line : "ncd: internal error: " + e).append('\n');
        if (line == null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            text.append(trace);
        }
        try {
            Files.writeString(dir.resolve(RunLayout.LOG), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ignored) {
            e.addSuppressed(ignored); // a full disk: the error itself still reaches standard error
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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

    /** Detaches the run's log and releases the lock this folder took when it was created. */
    @Override
    public void close() throws IOException {
        if (appender != null) {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Configuration conf = ctx.getConfiguration();
            conf.getRootLogger().removeAppender(appender.getName());
            ctx.updateLoggers();
            appender.stop();
            appender = null;
        }
        if (lock != null) {
            lock.close();
        }
    }
}
