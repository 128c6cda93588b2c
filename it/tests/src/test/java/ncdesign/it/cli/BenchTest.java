package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ncd bench}: training throughput on a few steps, the metric-suite benchmark on a small cache, and one-line errors. */
@Tag("slow")
class BenchTest {
    @TempDir
    Path work;

    @Test
    void trainBenchReportsStepRatePipelineHeadroomDataWaitsAndFractionOfPeak() throws Exception {
        Ncd.Run r = Cli.run(work, 300, "bench", "train", "--backbone", "resnet18", "--dataset", "synthetic", "--batch", "16",
                "--steps", "3", "--warmup", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        double step = number(r.out(), "training step \\(data pipeline included\\): ([\\d,.]+) images/s");
        double pipeline = number(r.out(), "input pipeline alone: +([\\d,.]+) images/s");
        double waiting = number(r.out(), "waiting for the next batch: +([\\d.]+)% of the timed steps");
        double peak = number(r.out(), "matmul peak \\(same device and precision\\) = ([\\d.]+)%");
        assertThat(step).isPositive();
        // the bar: augmentation alone delivers at least 5x what the training step consumes
        assertThat(pipeline).isGreaterThan(5 * step);
        assertThat(waiting).isBetween(0.0, 100.0);
        assertThat(peak).as("achieved FLOP/s in % of the measured matmul peak").isBetween(1.0, 150.0);
        assertThat(r.out()).contains("first step: device cpu").contains("device:CPU:0 DT_FLOAT");
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(regex + " in\n" + out).isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    @Test
    void metricsBenchTimesEveryMetricOnACache() throws Exception {
        Ncd.Run r = Cli.run(work, 300, "bench", "metrics", "--n", "2000", "--d", "32", "--classes", "10");
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = Pattern.compile("metric suite: (\\d+) metrics on 2,000 x 32 features, K=10").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(14);
        assertThat(r.out()).containsPattern("compute: \\d+\\.\\d\\d s");

        Ncd.Run bad = Cli.run(work, 120, "bench", "metrics", "--n", "5", "--classes", "10");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("n >= 2K samples; got n=5");
        Ncd.Run unknown = Cli.run(work, 120, "bench", "flops");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown benchmark 'flops'; known: train, metrics");
    }
}
