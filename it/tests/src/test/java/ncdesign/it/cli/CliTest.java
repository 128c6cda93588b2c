package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on the real module path (help, plugin listing), and errors on bad input (in process). */
class CliTest {
    @TempDir
    Path work;

    @Test
    void helpListsEveryCommand() throws Exception {
        Ncd.Run r = Ncd.run(work, 120, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("train", "quickstart", "plugins", "metrics");
    }

    @Test
    void pluginsListsBuiltInsWithTheirModules() throws Exception {
        Ncd.Run r = Ncd.run(work, 120, "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("loss\\s+ce\\s+ncdesign.losses")
                .containsPattern("backbone\\s+mlp\\s+ncdesign.backbones")
                .containsPattern("metric\\s+\\S+\\s+ncdesign.metrics")
                .containsPattern("evaluator\\s+classifier\\s+ncdesign.eval")
                .contains("--backbone-param widths=512,256");
    }

    @Test
    void unknownLossFailsWithTheKnownNamesAndWritesNothing() throws Exception {
        Ncd.Run r = Cli.run(work, 120, "train", "--loss", "no-such-loss", "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("unknown loss 'no-such-loss'").contains("ce");
        assertThat(r.err().lines().filter(l -> l.startsWith("ncd:")).count()).isEqualTo(1);
        assertNoRunOutput();
    }

    @Test
    void negativeBatchIsRejectedBeforeAnyWork() throws Exception {
        Ncd.Run r = Cli.run(work, 120, "train", "--batch", "-5", "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("batch").contains(">= 2").contains("-5");
        assertNoRunOutput();
    }

    @Test
    void unknownConfigKeyIsNamed() throws Exception {
        Path cfg = work.resolve("c.yaml");
        Files.writeString(cfg, "loss: ce\nepoch: 3\n");
        Ncd.Run r = Cli.run(work, 120, "train", "--config", cfg.toString(), "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("unknown parameter 'epoch'").contains("epochs");
        assertNoRunOutput();
    }

    private void assertNoRunOutput() throws Exception {
        Path runs = work.resolve("runs");
        if (Files.exists(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                assertThat(s.toList()).as("run folders left behind").isEmpty();
            }
        }
    }
}
