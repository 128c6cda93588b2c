package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import ncdesign.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that stop at awkward moments and resume (issue 21, items 1 and 6), in process: a stop is reproduced by
 * putting the run folder into the state a kill at that moment leaves (the slow {@code ChaosResumeTest} kills real
 * processes). Each resumed run must end with exactly the files of the uninterrupted run ({@link RunFolders}).
 */
class RunRecoveryTest {
    @TempDir
    Path work;

    /**
     * 2 epochs of 32 steps on the synthetic set, a small MLP, a trajectory point every 16 steps; {@code more} (option,
     * value pairs) adds options or replaces these.
     */
    private static String[] args(String name, String... more) {
        String[] base = {"--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=32", "--batch", "64",
            "--epochs", "2", "--metrics", "erank-inter", "--nc-every", "16", "--threads", "2", "--out", "runs", "--name", name};
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String[] a : new String[][] {base, more}) {
            for (int i = 0; i < a.length; i += 2) {
                options.put(a[i], a[i + 1]);
            }
        }
        List<String> out = new java.util.ArrayList<>(List.of("train"));
        options.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray(String[]::new);
    }

    private Path train(String name, String... more) throws Exception {
        Ncd.Run r = Cli.run(work, 600, args(name, more));
        assertThat(r.exit()).as(r.err()).isZero();
        return work.resolve("runs").resolve(name);
    }

    private Ncd.Run resume(Path run) throws Exception {
        Ncd.Run r = Cli.run(work, 600, "train", "--resume", run.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    /** A copy of a run folder, to compare with after the original was damaged and resumed. */
    private Path snapshot(Path run) throws Exception {
        Path copy = work.resolve("snapshots").resolve(run.getFileName());
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /** Drops the records of epochs after {@code keep} from metrics.jsonl and metrics.csv. */
    private static void dropRecordsAfter(Path run, int keep) throws Exception {
        Path jsonl = run.resolve("metrics.jsonl");
        Files.write(jsonl, Files.readAllLines(jsonl).subList(0, keep));
        Path csv = run.resolve("metrics.csv");
        Files.write(csv, Files.readAllLines(csv).subList(0, keep + 1));
    }

    @Test
    void aFinishedRunOrOneStoppedInItsFinalPhaseResumesToTheSameSummaryWithItsTestAccuracy() throws Exception {
        Path run = train("final");
        Path reference = snapshot(run);
        assertThat(Json.readMap(run.resolve("summary.json")).get("test_accuracy")).isInstanceOf(Double.class);

        resume(run); // --resume of a finished run
        RunFolders.assertSameResults(reference, run);

        Files.delete(run.resolve("summary.json")); // stopped while computing metrics and evaluators
        resume(run);
        RunFolders.assertSameResults(reference, run);
        assertThat(Json.readMap(run.resolve("summary.json")).get("test_accuracy"))
                .isEqualTo(Json.readMap(reference.resolve("summary.json")).get("test_accuracy"));
    }

    @Test
    void aRunStoppedWhileWritingAnEpochsFeatureCachesKeepsThatEpochsTrainingAndRecordsItOnResume() throws Exception {
        Path run = train("caches", "--cache-epochs", "1");
        Path reference = snapshot(run);
        // the checkpoint of epoch 2 is written before its test pass and caches: a stop while writing them leaves it,
        // epoch 1's records, and neither epoch 2's row nor its caches
        Files.delete(run.resolve("summary.json"));
        Files.delete(run.resolve("features/train-epoch-2.arrow"));
        Files.delete(run.resolve("features/test-epoch-2.arrow"));
        dropRecordsAfter(run, 1);
        resume(run);
        RunFolders.assertSameResults(reference, run);

        // stopped between writing an epoch's row into metrics.csv (first) and into metrics.jsonl: recorded once
        Files.delete(run.resolve("summary.json"));
        Path jsonl = run.resolve("metrics.jsonl");
        Files.write(jsonl, Files.readAllLines(jsonl).subList(0, 1));
        resume(run);
        RunFolders.assertSameResults(reference, run);
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousOneWrittenWithinTheEpochByCheckpointEvery() throws Exception {
        // checkpoints after steps 10, 20, 30, 32 (end of epoch 1), 40, 50, 60, 64: the last two are 60 and 64
        Path run = train("every", "--checkpoint-every", "10");
        Path reference = snapshot(run);
        Path last = run.resolve("checkpoints/last.ckpt");
        assertThat(run.resolve("checkpoints/previous.ckpt")).exists();
        assertThat(run.resolve("checkpoints")).isDirectoryNotContaining(p -> !p.getFileName().toString().endsWith(".ckpt"));

        byte[] b = Files.readAllBytes(last);
        b[b.length / 2] ^= 0x5a;
        Files.write(last, b);
        Files.delete(run.resolve("summary.json"));
        Ncd.Run r = resume(run);
        List<String> log = Files.readAllLines(run.resolve("log.txt"));
        assertThat(log).anySatisfy(l -> assertThat(l).contains("last.ckpt is corrupt").contains("previous checkpoint")
                .contains("(step 60)"));
        assertThat(log).anySatisfy(l -> assertThat(l).contains("resuming").contains("at step 60 (1 epochs done)"));
        // epoch 2 continued from its 28th step with its running totals: the same train_loss, caches, checkpoints
        RunFolders.assertSameResults(reference, run);
        assertThat(r.exit()).isZero();
    }

    @Test
    void skipModeIsBoundedByMaxSkippedAndReportsOneLinePerEpoch() throws Exception {
        String[] diverging = {"--lr", "1e12", "--on-divergence", "skip", "--metrics", "none", "--nc-every", "0"};
        Ncd.Run bounded = Cli.run(work, 600, args("bounded", diverging));
        assertThat(bounded.exit()).as(bounded.err()).isEqualTo(2);
        assertThat(bounded.errorLine()).containsPattern("ncd: error: 1 batch skipped by step \\d+ \\(epoch 1\\), more than"
                + " --max-skipped allows \\(0 of the run's 64 steps\\)").contains("try a lower --lr");
        assertThat(work.resolve("runs/bounded/summary.json")).doesNotExist();

        String[] unbounded = Arrays.copyOf(diverging, diverging.length + 2);
        unbounded[diverging.length] = "--max-skipped";
        unbounded[diverging.length + 1] = "100%";
        Path run = train("unbounded", unbounded);
        List<String> log = Files.readAllLines(run.resolve("log.txt"));
        assertThat(log.stream().filter(l -> l.contains("batch skipped"))).as("no line per batch").isEmpty();
        List<String> perEpoch = log.stream().filter(l -> l.contains("batches skipped (non-finite loss or gradient)")).toList();
        assertThat(perEpoch).hasSize(2);
        assertThat(perEpoch.get(1)).contains("epoch 2: 32 of 32 batches skipped");
        List<java.util.Map<String, Object>> rows = Json.readLines(run.resolve("metrics.jsonl"));
        assertThat(rows.get(0)).as("epoch 1 applied its first steps").containsKey("train_loss");
        assertThat(rows.get(1)).as("an epoch without an applied step has no training loss").doesNotContainKey("train_loss")
                .doesNotContainKey("train_accuracy");
        assertThat(((Number) rows.get(1).get("skipped_batches")).intValue())
                .isEqualTo(((Number) rows.get(0).get("skipped_batches")).intValue() + 32);
    }

    @Test
    void theNewOptionsAreDocumented() throws Exception {
        Ncd.Run help = Cli.run(work, 60, "train", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--max-skipped").contains("(default: 1%)").contains("--checkpoint-every");
        assertThat(help.out() + help.err()).doesNotContain("Could not format");
    }

    @Test
    void evaluatorAndMetricParametersAreCheckedBeforeTraining() throws Exception {
        String[][] cases = {
            {"--evaluators", "linear-probe", "--evaluator-param", "linear-probe.epochs=-1"},
            {"--evaluator-param", "nosuch.x=1"},
            {"--evaluator-param", "linear-probe.epochs=3"},
            {"--evaluators", "classifier,linear-probe", "--evaluator-param", "linear-probe.nosuch=3"},
            {"--evaluators", "transfer"},
            {"--metric-param", "nosuch.x=1"},
            {"--metrics", "nc1", "--metric-param", "erank-inter.eps=0.1"},
        };
        String[] expected = {
            "parameter 'epochs' of evaluator 'linear-probe' must be >= 1, got -1",
            "unknown evaluator 'nosuch'",
            "parameters were given for evaluator 'linear-probe', which does not run here (evaluators: classifier)",
            "unknown parameter 'nosuch' for evaluator 'linear-probe'",
            "evaluator 'transfer' needs a downstream dataset",
            "unknown metric 'nosuch'",
            "parameters were given for metric 'erank-inter', which is not computed here (metrics: nc1)",
        };
        for (int i = 0; i < cases.length; i++) {
            Ncd.Run r = Cli.run(work, 120, args("p" + i, cases[i]));
            assertThat(r.exit()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(2);
            assertThat(r.errorLine()).as(String.join(" ", cases[i])).contains(expected[i]);
            assertThat(r.err()).as("refused before training").doesNotContain("epoch 1");
            assertThat(work.resolve("runs/p" + i)).as("no run folder").doesNotExist();
        }
    }

    @Test
    void anEvaluatorAskedForByNameThatFailsAtTheEndFailsTheCommandAndTheSummarySaysWhich() throws Exception {
        // SCL trains no classifier: 'classifier' fails at the end, 'fixed-prototypes' works
        Ncd.Run r = Cli.run(work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=32",
                "--loss", "scl", "--batch", "64", "--epochs", "1", "--max-steps", "4", "--metrics", "erank-inter", "--nc-every", "0",
                "--evaluators", "fixed-prototypes,classifier", "--threads", "2", "--out", "runs", "--name", "scl");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLine()).startsWith("ncd: error: evaluator 'classifier' (module ").contains(") failed: needs a trained classifier")
                .contains("summary.json lists what failed");
        java.util.Map<String, Object> summary = Json.readMap(work.resolve("runs/scl/summary.json"));
        assertThat(summary.get("evaluations").toString()).contains("evaluator=fixed-prototypes");
        assertThat(summary.get("failed").toString()).contains("name=classifier").contains("kind=evaluator");
        assertThat(work.resolve("runs/scl/checkpoints/last.ckpt")).exists();

        // the same evaluator by default (not asked for by name) is skipped with a warning, as before
        Ncd.Run byDefault = Cli.run(work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=32",
                "--loss", "scl", "--batch", "64", "--epochs", "1", "--max-steps", "4", "--metrics", "erank-inter", "--nc-every", "0",
                "--threads", "2", "--out", "runs", "--name", "scl-default");
        assertThat(byDefault.exit()).as(byDefault.err()).isZero();
        assertThat(Json.readMap(work.resolve("runs/scl-default/summary.json")).get("failed").toString()).contains("name=classifier");
    }
}
