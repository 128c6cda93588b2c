package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs with NC trajectories → ncd converge table and an HTML report with real charts. */
class ReportTest {
    @TempDir
    Path work;

    @Test
    void convergeAndReport() throws Exception {
        for (String loss : new String[] {"ce", "nonl"}) {
            Ncd.Run r = Cli.run(work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=64",
                    "--loss", loss, "--epochs", "3", "--batch", "64", "--nc-every", "8", "--nc-subset", "256", "--evaluators", "none",
                    "--out", "runs", "--name", loss);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readAllLines(work.resolve("runs/" + loss + "/trajectory.jsonl"))).hasSize(13); // steps 0, 8, ..., 96
            try (var files = Files.list(work.resolve("runs/" + loss + "/tensorboard"))) {
                Path events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).findFirst().orElseThrow();
                String bytes = new String(Files.readAllBytes(events), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).contains("train_loss").contains("test_accuracy").contains("nc/erank-inter").contains("nc/align-weight-instance");
            }
        }
        try (var cache = ncdesign.features.ArrowFeatureSet.open(work.resolve("runs/nonl/features/train-epoch-3.arrow"))) {
            assertThat(cache.metadata().get("ncd.trajectory")).contains("\"step\":88").contains("erank-inter");
        }
        Ncd.Run c = Cli.run(work, 120, "converge", "runs/nonl", "runs/ce", "--baseline", "runs/ce");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("erank-inter\\s+nonl\\s+(never|step \\d+)\\s+(never|step \\d+ \\([0-9.]+%\\))")
                .contains("REACHES BASELINE AT");
        Ncd.Run rep = Cli.run(work, 120, "report", "runs/ce", "runs/nonl", "--out", "rep");
        assertThat(rep.exit()).as(rep.err()).isZero();
        String html = Files.readString(work.resolve("rep/report.html"));
        assertThat(html).contains("Figure 2").contains("data:image/png;base64,").contains("<th>test accuracy</th>").contains("Convergence");
        var img = ImageIO.read(work.resolve("rep/fig2-erank-inter.png").toFile());
        assertThat(img.getWidth()).isEqualTo(560);
        assertThat(Files.readString(work.resolve("rep/fig2-erank-inter.svg"))).startsWith("<?xml").contains("<svg");
        Ncd.Run bad = Cli.run(work, 120, "converge", "rep");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("--nc-every");
    }
}
