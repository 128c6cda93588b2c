package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's chaos test: a real run is killed with SIGKILL at the two moments that used to lose results (in its
 * final metrics and evaluator phase, and while it writes an epoch's feature cache), resumed with {@code --resume},
 * and must end with every file of an uninterrupted run, summary.json included ({@link RunFolders} lists the timing
 * fields and files left out). Each run has its own working folder and the same relative {@code --out} and
 * {@code --name}, so even the paths recorded in config.yaml and summary.json are the same.
 */
@Tag("slow")
class ChaosResumeTest {
    /** 3 epochs of 32 steps, caches of epochs 1 and 3, a trajectory, and a probe that makes the final phase last. */
    static final String[] ARGS = {"train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=256",
        "--batch", "64", "--epochs", "3", "--cache-epochs", "1", "--metrics", "erank-inter,nc1", "--nc-every", "24",
        "--evaluators", "classifier,linear-probe-cached", "--evaluator-param", "linear-probe-cached.epochs=100",
        "--threads", "2", "--out", "runs", "--name", "r"};

    /** Shared by both tests: the uninterrupted run is made once. */
    @TempDir
    static Path work;

    private static Path reference;

    @BeforeAll
    static void uninterrupted() throws Exception {
        Path dir = Files.createDirectories(work.resolve("reference"));
        Ncd.Run r = Ncd.run(dir, 600, ARGS);
        assertThat(r.exit()).as(r.err()).isZero();
        reference = dir.resolve("runs/r");
    }

    /**
     * Starts the run in a fresh working folder {@code name} and kills it (SIGKILL) as soon as {@code moment} holds of
     * its run folder; fails when the run ends first.
     */
    private Path killWhen(String name, Predicate<Path> moment) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path run = dir.resolve("runs/r");
        Path err = dir.resolve("err.txt");
        Process p = Ncd.start(dir, dir.resolve("out.txt"), err, ARGS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (p.isAlive() && !moment.test(run) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        assertThat(p.exitValue()).as("killed, not finished: " + Files.readString(err)).isNotZero();
        return run;
    }

    private void resume(Path run) throws Exception {
        Path dir = run.getParent().getParent();
        Ncd.Run r = Ncd.run(dir, 600, "train", "--resume", "runs/r");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("resuming");
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of(); // the folder is being written; look again
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void killedInTheFinalMetricsAndEvaluatorPhaseResumesToTheUninterruptedRunsFiles() throws Exception {
        // the last epoch's row is written after its caches: from then on the run computes metrics and evaluators
        Path run = killWhen("final", r -> lines(r.resolve("metrics.jsonl")) == 3);
        assertThat(run.resolve("summary.json")).as("killed before the summary").doesNotExist();
        assertThat(run.resolve("features/train-epoch-3.arrow")).exists();
        resume(run);
        RunFolders.assertSameResults(reference, run);
    }

    @Test
    void killedWhileWritingAFeatureCacheResumesToTheUninterruptedRunsFiles() throws Exception {
        // epoch 1's caches are the first: the kill comes while one of them is still a temporary file (a cache takes
        // tens of milliseconds to write; when the kill lands just after the rename, the run is tried again)
        Predicate<Path> writingACache = r -> names(r.resolve("features")).stream().anyMatch(n -> n.matches("\\..*\\.arrow\\.tmp-.*"));
        Path run = null;
        for (int attempt = 1; attempt <= 3 && run == null; attempt++) {
            Path killed = killWhen("cache" + attempt, writingACache);
            if (names(killed.resolve("features")).stream().anyMatch(n -> n.matches("\\..*-epoch-1\\.arrow\\.tmp-.*"))) {
                run = killed;
            }
        }
        assertThat(run).as("a kill during a cache write in one of 3 attempts").isNotNull();
        assertThat(names(run.resolve("features"))).doesNotContain("train-epoch-1.arrow");
        assertThat(run.resolve("checkpoints/last.ckpt")).as("the epoch's checkpoint is written before its caches").exists();
        assertThat(run.resolve("metrics.jsonl")).doesNotExist();
        resume(run);
        RunFolders.assertSameResults(reference, run);
        try (Stream<Path> s = Files.walk(run)) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp")).toList()).isEmpty();
        }
    }
}
