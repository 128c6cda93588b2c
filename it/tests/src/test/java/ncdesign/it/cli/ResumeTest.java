package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kill a training process with SIGKILL after its first checkpoint, resume it, and get the uninterrupted run's numbers. */
@Tag("slow")
class ResumeTest {
    @TempDir
    Path work;

    static final String[] ARGS = {"train", "--dataset", "fashion-mnist", "--backbone", "mlp", "--backbone-param", "widths=64",
        "--loss", "ce", "--epochs", "4", "--metrics", "accuracy,erank-inter", "--out", "runs", "--threads", "2"};

    private static String[] with(String name) {
        String[] a = java.util.Arrays.copyOf(ARGS, ARGS.length + 2);
        a[ARGS.length] = "--name";
        a[ARGS.length + 1] = name;
        return a;
    }

    /** metrics.jsonl without the wall-clock column. */
    private List<String> records(String run) throws Exception {
        return Files.readAllLines(work.resolve("runs").resolve(run).resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"(seconds|rss_mb|run_dir_mb)\":[^,}]+", "")).toList();
    }

    @Test
    void killedRunResumesToTheSameResult() throws Exception {
        TrainTest.requireFashionMnist();
        Ncd.Run full = Ncd.run(work, 600, with("full"));
        assertThat(full.exit()).as(full.err()).isZero();

        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process p = Ncd.start(work, out, err, with("killed"));
        Path ckpt = work.resolve("runs/killed/checkpoints/last.ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(ckpt) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        assertThat(ckpt).as(Files.readString(err)).exists();
        assertThat(Files.exists(work.resolve("runs/killed/summary.json"))).as("killed before the end").isFalse();

        Ncd.Run resumed = Ncd.run(work, 600, "train", "--resume", "runs/killed");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming");
        assertThat(records("killed")).hasSize(4).isEqualTo(records("full"));
        String a = Files.readString(work.resolve("runs/full/summary.json")).replaceAll("\"run\":\"[^\"]+\"", "");
        String b = Files.readString(work.resolve("runs/killed/summary.json")).replaceAll("\"run\":\"[^\"]+\"", "");
        assertThat(b.replaceAll("\"seconds\":[^,}]+", "")).isEqualTo(a.replaceAll("\"seconds\":[^,}]+", ""));
    }

    @Test
    void resumingSomethingThatIsNotARunFails() throws Exception {
        Files.createDirectories(work.resolve("runs/empty"));
        Ncd.Run r = Ncd.run(work, 120, "train", "--resume", "runs/empty");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("cannot resume").contains("config.yaml");
    }

    @Test
    void killedSeveralTimesAtRandomMomentsStillReproducesTheUninterruptedRun() throws Exception {
        String[] base = {"train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=256,128", "--loss", "nonl",
            "--epochs", "24", "--batch", "64", "--cache-epochs", "1,3,5,7,9,11,13,15,17,19,21,23", "--metrics", "erank-inter", "--out", "runs", "--name"};
        String[] full = java.util.Arrays.copyOf(base, base.length + 1);
        full[base.length] = "reference";
        assertThat(Ncd.run(work, 600, full).exit()).isZero();

        java.util.Random rnd = new java.util.Random(7);
        Path run = work.resolve("runs/chaos");
        int kills = 0;
        int attempts = 0;
        while (!Files.exists(run.resolve("summary.json")) && attempts++ < 20) {
            String[] args = Files.exists(run.resolve("checkpoints/last.ckpt"))
                    ? new String[] {"train", "--resume", "runs/chaos"} : java.util.Arrays.copyOf(base, base.length + 1);
            if (args.length == base.length + 1) {
                args[base.length] = "chaos";
                if (Files.exists(run)) {
                    try (var s = Files.walk(run)) {
                        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
            Process p = Ncd.start(work, work.resolve("o.txt"), work.resolve("e.txt"), args);
            boolean finished = kills >= 4 ? p.waitFor(300, TimeUnit.SECONDS) : p.waitFor(1500 + rnd.nextInt(3000), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor();
                kills++;
            } else {
                assertThat(p.exitValue()).as(Files.readString(work.resolve("e.txt"))).isZero();
            }
        }
        assertThat(kills).as("the run was really interrupted").isGreaterThanOrEqualTo(2);
        assertThat(records("chaos")).isEqualTo(records("reference"));
        try (var s = Files.walk(run)) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp")).toList()).isEmpty();
        }
    }
}
