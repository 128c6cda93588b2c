package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --metric-param on ncd metrics and ncd train: values reach the metric; bad ones stop the command before any work. */
class MetricParamTest {
    @TempDir
    Path work;

    Ncd.Run metrics(String... more) throws Exception {
        String[] base = {"metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy", "--json", "nc.json"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(work, 120, args);
    }

    @Test
    void metricsTakesParametersAndRefusesBadOnesBeforeAnyWork() throws Exception {
        MetricsCliTest.writeSimplex(work);
        // erank smoothing: eps = 0 gives exactly the 9 of a simplex of 10; a large eps spreads mass over all 16 dims
        Ncd.Run exact = metrics("--metrics", "erank-inter", "--metric-param", "erank-inter.eps=0");
        assertThat(exact.exit()).as(exact.err()).isZero();
        assertThat(exact.out()).containsPattern("erank-inter\\s+9.000\\d");
        Ncd.Run smoothed = metrics("--metrics", "erank-inter", "--metric-param", "erank-inter.eps=0.5");
        assertThat(smoothed.exit()).as(smoothed.err()).isZero();
        assertThat(smoothed.out()).containsPattern("erank-inter\\s+1[0-6]\\.\\d");
        Files.delete(work.resolve("nc.json"));

        String[][] bad = {
            {"no-such.eps=1", "unknown metric 'no-such'"},
            {"nc1.tol=1", "unknown parameter 'tol' for metric 'nc1'"},
            {"nc1.rcond=small", "parameter 'rcond' of metric 'nc1' must be a number, got 'small'"},
            {"erank-intra.eps=-1", "parameter 'eps' of metric 'erank-intra' must be >= 0, got -1"},
            {"rcond=1", "--metric-param expects NAME.KEY=VALUE"},
        };
        for (String[] b : bad) {
            Ncd.Run r = metrics("--metric-param", b[0]);
            assertThat(r.exit()).as(b[0] + ": " + r.err()).isEqualTo(2);
            assertThat(r.errorLine()).as(b[0]).contains(b[1]);
            assertThat(r.err().lines().filter(l -> l.startsWith("ncd:"))).as(b[0]).hasSize(1);
            assertThat(r.out()).as(b[0]).isEmpty();
            assertThat(work.resolve("nc.json")).as(b[0]).doesNotExist();
        }
        Ncd.Run other = metrics("--metrics", "nc2", "--metric-param", "nc1.rcond=1e-8");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.errorLine()).contains("metric 'nc1'").contains("not computed here");
    }

    @Test
    void trainRefusesBadMetricParametersBeforeTheDataAndTheRunFolder() throws Exception {
        Path missing = work.resolve("no-data"); // never read: the parameters are checked first
        Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "fashion-mnist", "--data-dir", missing.toString(), "--out", "runs",
                "--metric-param", "nc1.rcond=-1");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errorLine()).contains("parameter 'rcond' of metric 'nc1' must be >= 0, got -1");
        assertThat(work.resolve("runs")).doesNotExist();

        Files.writeString(work.resolve("c.yaml"), "metric-params: {erank-inter: {eps: oops}}\n");
        Ncd.Run file = Cli.run(work, 120, "train", "--config", "c.yaml", "--dataset", "fashion-mnist", "--data-dir",
                missing.toString(), "--out", "runs");
        assertThat(file.exit()).as(file.err()).isEqualTo(2);
        assertThat(file.errorLine()).contains("parameter 'eps' of metric 'erank-inter' must be a number, got 'oops'");

        Ncd.Run notComputed = Cli.run(work, 120, "train", "--dataset", "fashion-mnist", "--data-dir", missing.toString(),
                "--out", "runs", "--metrics", "nc2", "--metric-param", "nc1.rcond=1e-8");
        assertThat(notComputed.exit()).isEqualTo(2);
        assertThat(notComputed.errorLine()).contains("metric 'nc1'").contains("not computed here");
        assertThat(work.resolve("runs")).doesNotExist();
    }
}
