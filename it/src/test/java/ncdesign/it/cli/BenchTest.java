package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ncd bench}: the metric-suite benchmark on a small cache, and a one-line error for bad sizes or names. */
class BenchTest {
    @TempDir
    Path work;

    @Test
    void metricsBenchTimesEveryMetricOnACache() throws Exception {
        Ncd.Run r = Ncd.run(work, 300, "bench", "metrics", "--n", "2000", "--d", "32", "--classes", "10");
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = Pattern.compile("metric suite: (\\d+) metrics on 2,000 x 32 features, K=10").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(14);
        assertThat(r.out()).containsPattern("compute: \\d+\\.\\d\\d s");

        Ncd.Run bad = Ncd.run(work, 120, "bench", "metrics", "--n", "5", "--classes", "10");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("n >= 2K samples; got n=5");
        Ncd.Run unknown = Ncd.run(work, 120, "bench", "flops");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown benchmark 'flops'; known: train, metrics");
    }
}
