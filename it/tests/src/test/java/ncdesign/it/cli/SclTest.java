package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short ncd scl: contrastive training, then FP against LP, cached LP and NLP on the same encoder. */
@Tag("slow")
class SclTest {
    @TempDir
    Path work;

    @Test
    void fixedPrototypesAgainstProbes() throws Exception {
        Ncd.Run r = Cli.run(work, 600, "scl", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=128",
                "--epochs", "2", "--batch", "64", "--probe-epochs", "4", "--probe-lr", "0.5", "--out", "runs", "--name", "scl");
        assertThat(r.exit()).as(r.err()).isZero();
        long fp = passes(r.out(), "fixed-prototypes");
        long lp = passes(r.out(), "linear-probe");
        assertThat(fp).isEqualTo(2048);
        assertThat(lp).isEqualTo(4L * 2048);
        assertThat(passes(r.out(), "linear-probe-cached")).isEqualTo(2048);
        assertThat(r.out()).contains("normalized-probe").contains("Neural Collapse of each evaluator's classifier");
        // the encoder's own features have no classifier: the metrics that need one are skipped in one line, not one each
        assertThat(r.err().lines().filter(l -> l.contains("skipped")).toList()).as(r.err()).singleElement().asString()
                .contains("metrics skipped, as these features have no classifier").contains("nc3");
        // FP's classifier is the normalised class means: its weight-class alignment is zero by construction
        assertThat(r.out()).containsPattern("fixed-prototypes\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d\\.\\d+e-\\d\\d|0\\.0000)");
        Path cache = work.resolve("runs/scl/features/train-epoch-2.arrow");
        try (var fs = ncdesign.features.ArrowFeatureSet.open(cache)) {
            assertThat(fs.columns()).contains("features", "head_features");
            assertThat(fs.select("head_features").dim()).isEqualTo(128);
        }
        assertThat(Files.readString(work.resolve("runs/scl/summary.json"))).contains("\"fixed-prototypes\"");
    }

    private static long passes(String out, String evaluator) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(evaluator) + "\\s+[0-9.]+%\\s+[0-9.]+\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as(evaluator + " row in:\n" + out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
