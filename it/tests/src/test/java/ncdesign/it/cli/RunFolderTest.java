package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import ncdesign.io.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder's life: named within {@code --out}, unique default names, nothing left by a run refused after its
 * data loaded, {@code --resume} of a run without a checkpoint, one writer at a time, and fatal errors in log.txt.
 */
class RunFolderTest {
    @TempDir
    Path work;

    /** A tiny run, 32 steps of one epoch on the synthetic data, with other values for some options ({@code OPTION VALUE} pairs). */
    static String[] tiny(String... options) {
        List<String> a = new ArrayList<>(List.of("train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=32",
                "--loss", "ce", "--epochs", "1", "--batch", "64", "--metrics", "erank-inter", "--evaluators", "none", "--out", "runs"));
        for (int i = 0; i + 1 < options.length; i += 2) {
            int at = a.indexOf(options[i]);
            if (at < 0) {
                a.addAll(List.of(options[i], options[i + 1]));
            } else {
                a.set(at + 1, options[i + 1]);
            }
        }
        return a.toArray(String[]::new);
    }

    /** A file's lines without the fields that measure time or the machine, which differ between two runs. */
    static List<String> untimed(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceAll(",\"(seconds|rss_mb|run_dir_mb)\":[^,}]+", "").replaceAll("\"run\":\"[^\"]+\"", "")).toList();
    }

    private List<String> runFolders() throws Exception {
        Path runs = work.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Item 11 of issue 21: --name is one folder name inside --out. */
    @Test
    void aNameIsOneFolderNameInsideOut() throws Exception {
        for (String name : new String[] {"../escape", "a/b", "..", "."}) {
            String[] args = tiny();
            args = java.util.Arrays.copyOf(args, args.length + 1);
            args[args.length - 1] = "--name=" + name; // as typed: Cli resolves path-like values of path options only
            Ncd.Run r = Cli.run(work, 120, args);
            assertThat(r.exit()).as(name + ": " + r.err()).isEqualTo(2);
            assertThat(r.errorLine()).contains("--name '" + name + "' must be one folder name").contains("--out");
            assertThat(r.err().lines().filter(l -> l.startsWith("ncd:")).count()).isEqualTo(1);
        }
        assertThat(work.resolve("escape")).doesNotExist();
        assertThat(runFolders()).isEmpty();
    }

    /** Item 7 of issue 21: a batch larger than the training set is refused after the data loaded, leaving no folder. */
    @Test
    void aRunRefusedAfterItsDataLoadedLeavesNoFolder() throws Exception {
        Ncd.Run r = Cli.run(work, 120, tiny("--batch", "100000", "--name", "big"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("batch size 100000 exceeds the training set size").contains("--batch");
        assertThat(runFolders()).isEmpty();
    }

    /** Item 10 of issue 21: two runs without --name started in the same second get two folders. */
    @Test
    void defaultNamesAreUniqueWithinOneSecond() throws Exception {
        // the folders that any run started in the next ten minutes would be named after: taken by "another run"
        Set<String> taken = new HashSet<>();
        LocalDateTime now = LocalDateTime.now();
        for (int s = -5; s < 600; s++) {
            String name = "synthetic-mlp-ce-" + now.plusSeconds(s).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Files.createDirectories(work.resolve("runs").resolve(name));
            taken.add(name);
        }
        Ncd.Run r = Cli.run(work, 300, tiny());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> made = runFolders().stream().filter(n -> !taken.contains(n)).toList();
        assertThat(made).singleElement().asString().matches("synthetic-mlp-ce-\\d{8}-\\d{6}-2");
        assertThat(work.resolve("runs").resolve(made.get(0)).resolve(RunLayout.SUMMARY)).isRegularFile();
    }

    /** Item 7 of issue 21: a run that stopped before its first checkpoint is resumed from step 0, to the same result. */
    @Test
    void aRunWithoutACheckpointResumesFromStepZeroWithItsRecordedConfiguration() throws Exception {
        Ncd.Run full = Cli.run(work, 300, tiny("--epochs", "2", "--name", "cut"));
        assertThat(full.exit()).as(full.err()).isZero();
        Path run = work.resolve("runs/cut");
        List<String> metrics = untimed(RunLayout.metricsJsonl(run));
        List<String> summary = untimed(RunLayout.summary(run));
        // what a run killed in its first epoch leaves: its configuration, log and TensorBoard folder
        Files.delete(RunLayout.lastCheckpoint(run));
        Files.deleteIfExists(RunLayout.previousCheckpoint(run)); // the run keeps its two newest checkpoints
        for (Path p : List.of(RunLayout.summary(run), RunLayout.metricsJsonl(run), run.resolve(RunLayout.METRICS_CSV))) {
            Files.delete(p);
        }
        try (Stream<Path> s = Files.list(RunLayout.features(run))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }

        Ncd.Run again = Cli.run(work, 120, tiny("--epochs", "2", "--name", "cut"));
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.errorLine()).contains("already exists").contains("ncd train --resume " + run);

        Ncd.Run resumed = Cli.run(work, 300, "train", "--resume", "runs/cut");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("from step 0");
        assertThat(untimed(RunLayout.metricsJsonl(run))).hasSize(2).isEqualTo(metrics);
        assertThat(untimed(RunLayout.summary(run))).isEqualTo(summary);
        assertThat(run.resolve(RunLayout.LOCK)).doesNotExist();
    }

    /** Item 8 of issue 21: the error that ends a run is in its log.txt as well as on standard error. */
    @Test
    void theErrorThatEndsARunIsInItsLog() throws Exception {
        Ncd.Run r = Cli.run(work, 300, tiny("--lr", "1e12", "--name", "nan"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("diverged");
        assertThat(Files.readAllLines(work.resolve("runs/nan").resolve(RunLayout.LOG)))
                .anySatisfy(l -> assertThat(l).endsWith(" ERROR ncd " + r.errorLine()));
        assertThat(work.resolve("runs/nan").resolve(RunLayout.LOCK)).doesNotExist();
    }

    /** Item 9 of issue 21: a second writer is refused naming the holder; a dead holder's lock is taken over. */
    @Test
    void oneWriterAtATime() throws Exception {
        Ncd.Run first = Cli.run(work, 300, tiny("--name", "r"));
        assertThat(first.exit()).as(first.err()).isZero();
        Path run = work.resolve("runs/r");
        assertThat(run.resolve(RunLayout.LOCK)).as("released at the end").doesNotExist();
        String log = Files.readString(run.resolve(RunLayout.LOG));

        try (RunLock held = RunLock.acquire(run)) {
            assertThat(held.staleHolder()).isEmpty();
            Ncd.Run second = Cli.run(work, 120, "train", "--resume", "runs/r");
            assertThat(second.exit()).isEqualTo(2);
            assertThat(second.errorLine()).contains("run folder " + run + " is in use by pid " + ProcessHandle.current().pid() + " on host ")
                    .contains("wait for it to finish");
            assertThat(Files.readString(run.resolve(RunLayout.LOG))).as("the refused writer wrote nothing").isEqualTo(log);
        }

        // a lock file left by a process that is gone (SIGKILL leaves it): taken over with a notice
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(run.resolve(RunLayout.LOCK), "{\"pid\":" + gone.pid() + ",\"host\":\"elsewhere\",\"since\":\"then\"}\n");
        Ncd.Run resumed = Cli.run(work, 300, "train", "--resume", "runs/r");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("took over the lock of pid " + gone.pid() + " on host elsewhere (since then)");
        assertThat(Files.readString(run.resolve(RunLayout.LOG))).contains("took over the lock of pid " + gone.pid());
        assertThat(run.resolve(RunLayout.LOCK)).doesNotExist();
        assertThat(Json.readMap(RunLayout.summary(run))).containsKey("metrics");
    }
}
