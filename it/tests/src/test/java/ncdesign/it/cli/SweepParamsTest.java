package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep over plugin parameters ({@code loss.KEY}, {@code backbone.KEY}), in process with tiny runs. */
class SweepParamsTest {
    @TempDir
    Path work;

    @Test
    void sweepsAnyPluginParameterAndDrawsTheTauAxisFromTheLossTemperature() throws Exception {
        Files.writeString(work.resolve("sweep.yaml"), String.join("\n",
                "base: {dataset: synthetic, backbone: mlp, loss: nonl, epochs: 1, max-steps: 2, evaluators: none,",
                "       metrics: none, nc-every: 0, backbone.widths: [16]}",
                "grid: {loss.tau: [0.1, 0.5], batch: [16, 32]}") + "\n");
        Ncd.Run r = Cli.run(work, 300, "sweep", "sweep.yaml", "--out", "sw");
        assertThat(r.exit()).as(r.err()).isZero();
        String config = Files.readString(work.resolve("sw/loss.tau0.5_batch32/config.yaml"));
        assertThat(config).containsPattern("\nloss-params:[^\n]*\n\\s+tau: 0.5\n").containsPattern("\nbackbone-params:[^\n]*\n\\s+widths:\n\\s+- 16\n");
        assertThat(r.out()).contains("{loss.tau=0.5, batch=32}");
        assertThat(work.resolve("sw/phase-diagram.png")).exists();

        Files.writeString(work.resolve("bad.yaml"), "base: {dataset: synthetic, loss: nonl}\ngrid: {loss.gamma: [0, 2]}\n");
        Ncd.Run bad = Cli.run(work, 120, "sweep", "bad.yaml", "--out", "bad");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errorLine()).startsWith("ncd: error: unknown parameter 'gamma' for loss 'nonl'");
        assertThat(work.resolve("bad/loss.gamma0")).doesNotExist();
    }
}
