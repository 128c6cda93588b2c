package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many steps of a small model: resident memory (JVM + native TensorFlow) stays flat, so no tensor or session leaks. */
@Tag("slow")
class SoakTest {
    @TempDir
    Path work;

    @Test
    void residentMemoryStaysFlatOverManySteps() throws Exception {
        Ncd.Run r = Ncd.run(work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=256",
                "--loss", "nonl", "--epochs", "40", "--batch", "64", "--metrics", "none", "--evaluators", "none",
                "--out", "runs", "--name", "soak", "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(work.resolve("runs/soak/metrics.jsonl"));
        assertThat(lines).hasSize(40);
        // From epoch 20: the first epochs include the allocator's own warm-up (its arenas grow with the threads that
        // touch them, more so when another test process shares the cores), which is not a leak and varies by run.
        double early = rss(lines.get(19));
        double late = rss(lines.get(39));
        // 20 epochs x 32 steps: leaking one 64-image batch tensor per step would add about 500 MB.
        assertThat(late - early).as("RSS growth between epoch 20 (%.0f MB) and 40 (%.0f MB)", early, late).isLessThan(64);
        assertThat(Double.parseDouble(lines.get(39).replaceAll(".*\"run_dir_mb\":([0-9.eE-]+).*", "$1"))).isGreaterThan(0);
    }

    private static double rss(String line) {
        return Double.parseDouble(line.replaceAll(".*\"rss_mb\":([0-9.eE-]+).*", "$1"));
    }
}
