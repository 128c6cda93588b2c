package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on TensorFlow's distributed runtime, with real worker processes on loopback (CPU): two
 * workers match one worker on the same global batch, global negatives give the one-worker loss, and a killed worker
 * stops the other within 60 s, after which --resume completes the run (with another number of workers).
 */
@Tag("slow")
class DistributedTrainTest {
    @TempDir
    Path work;

    static final String[] BASE = {"--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=64", "--batch", "64",
        "--metrics", "accuracy", "--out", "runs", "--threads", "1", "--nc-every", "0"};

    private static String[] args(String first, String[] more, String... extra) {
        List<String> a = new ArrayList<>(List.of(first.split(" ")));
        a.addAll(Arrays.asList(BASE));
        a.addAll(Arrays.asList(more));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    /** One value per epoch of metrics.jsonl. */
    private List<Double> column(String run, String key) throws Exception {
        Pattern p = Pattern.compile("\"" + key + "\":([-0-9.eE]+)");
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("runs").resolve(run).resolve("metrics.jsonl"))) {
            Matcher m = p.matcher(line);
            assertThat(m.find()).as(key + " in " + line).isTrue();
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    private String summary(String run) throws Exception {
        return Files.readString(work.resolve("runs").resolve(run).resolve("summary.json"));
    }

    @Test
    void twoWorkersFollowTheOneWorkerLossCurveAndEndWithIdenticalWeights() throws Exception {
        String[] train = {"--loss", "ce", "--epochs", "4"};
        Ncd.Run one = Cli.run(work, 300, args("train", train, "--name", "one")); // the one-worker reference runs in this JVM
        assertThat(one.exit()).as(one.err()).isZero();
        Ncd.Run two = Ncd.run(work, 300, args("launch --workers 2", train, "--name", "two", "--dist-check-every", "8"));
        assertThat(two.exit()).as(two.err()).isZero();

        List<Double> l1 = column("one", "train_loss");
        List<Double> l2 = column("two", "train_loss");
        assertThat(l2).hasSize(4).hasSameSizeAs(l1);
        for (int e = 0; e < l1.size(); e++) {
            assertThat(l2.get(e)).as("epoch %d train loss", e + 1).isCloseTo(l1.get(e), within(1e-4 * Math.max(1, l1.get(e))));
        }
        List<Double> t1 = column("one", "test_loss");
        List<Double> t2 = column("two", "test_loss");
        for (int e = 0; e < t1.size(); e++) {
            assertThat(t2.get(e)).as("epoch %d test loss", e + 1).isCloseTo(t1.get(e), within(1e-4 * Math.max(1, t1.get(e))));
        }
        assertThat(column("two", "train_accuracy")).isEqualTo(column("one", "train_accuracy"));
        assertThat(l1.get(3)).as("it trained").isLessThan(l1.get(0));

        // Both workers report the same weight hash; worker 0 records it (and the weights were compared every 8 steps).
        Matcher h = Pattern.compile("\"weights_sha256\":\"([0-9a-f]{16})\"").matcher(summary("two"));
        assertThat(h.find()).as(summary("two")).isTrue();
        assertThat(summary("two")).contains("\"workers\":2");
        assertThat(two.out()).contains("[worker 1] worker 1 of 2: 128 steps; weights sha256 " + h.group(1));
        assertThat(two.err()).contains("weights identical on all 2 workers at step 128");
        assertThat(work.resolve("runs/two/checkpoints/last.ckpt")).exists();
    }

    @Test
    void globalNegativesOnTwoWorkersGiveTheOneWorkerLossOfTheConcatenatedBatch() throws Exception {
        String[] train = {"--loss", "nonl", "--max-steps", "1", "--evaluators", "none"};
        Ncd.Run one = Cli.run(work, 300, args("train", train, "--name", "one")); // the one-worker reference runs in this JVM
        assertThat(one.exit()).as(one.err()).isZero();
        Ncd.Run two = Ncd.run(work, 300, args("launch --workers 2", train, "--name", "two", "--global-negatives"));
        assertThat(two.exit()).as(two.err()).isZero();
        Ncd.Run local = Ncd.run(work, 300, args("launch --workers 2", train, "--name", "local"));
        assertThat(local.exit()).as(local.err()).isZero();

        double single = column("one", "train_loss").get(0);
        assertThat(column("two", "train_loss").get(0)).as("global negatives").isCloseTo(single, within(1e-5));
        assertThat(Math.abs(column("local", "train_loss").get(0) - single)).as("per-worker negatives differ").isGreaterThan(1e-4);
        assertThat(Files.readString(work.resolve("runs/two/config.yaml"))).contains("global-negatives: true");
    }

    @Test
    void aKilledWorkerStopsTheOtherWithinAMinuteAndResumeCompletesTheRun() throws Exception {
        List<String> addrs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                addrs.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        Files.writeString(work.resolve("cluster.yaml"), "workers:\n  - " + addrs.get(0) + "\n  - " + addrs.get(1) + "\n");
        String[] train = {"--loss", "ce", "--epochs", "30", "--name", "job", "--cluster", "cluster.yaml"};
        Process[] w = new Process[2];
        for (int i = 1; i >= 0; i--) {
            w[i] = Ncd.start(work, work.resolve("out" + i + ".txt"), work.resolve("err" + i + ".txt"),
                    args("train", train, "--task", Integer.toString(i)));
        }
        Path ckpt = work.resolve("runs/job/checkpoints/last.ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ckpt) && w[0].isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ckpt).as(Files.readString(work.resolve("err0.txt"))).exists();
        assertThat(w[0].isAlive()).as("still training").isTrue();
        w[1].destroyForcibly(); // SIGKILL
        long t0 = System.nanoTime();
        assertThat(w[0].waitFor(60, TimeUnit.SECONDS)).as("worker 0 stops within 60 s").isTrue();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        String err = Files.readString(work.resolve("err0.txt"));
        assertThat(w[0].exitValue()).as(err).isEqualTo(3);
        String line = err.lines().filter(l -> l.startsWith("ncd: error:")).findFirst().orElse("");
        assertThat(line).as(err).contains("worker").contains("--resume runs/job");
        System.out.println("worker 0 stopped " + seconds + " s after worker 1 was killed: " + line);
        assertThat(work.resolve("runs/job/summary.json")).doesNotExist();

        // The checkpoint has no per-worker state: one process continues the two-worker run to its end.
        Ncd.Run resumed = Ncd.run(work, 300, "train", "--resume", "runs/job");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming");
        assertThat(column("job", "train_loss")).hasSize(30);
        assertThat(summary("job")).contains("\"epochs\":30");
        try (var s = Files.walk(work.resolve("runs/job"))) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp")).toList()).isEmpty();
        }
    }
}
