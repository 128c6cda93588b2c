package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer on a toy pair: encoders trained on one dataset, linear probe on another with other image shapes. */
@Tag("slow")
class TransferTest {
    @TempDir
    Path work;

    @Test
    void frozenEncodersTransferWithATable() throws Exception {
        for (String loss : new String[] {"ce", "nonl"}) {
            assertThat(Cli.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=64",
                    "--loss", loss, "--epochs", "2", "--batch", "64", "--metrics", "none", "--evaluators", "none",
                    "--out", "runs", "--name", loss).exit()).isZero();
        }
        // synthetic is 32x32x3; the downstream set is adapted by resizing, here to itself through a folder-free path
        Ncd.Run r = Cli.run(work, 300, "transfer", "--encoder", "runs/ce", "--encoder", "runs/nonl", "--dataset", "synthetic",
                "--epochs", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("ce\\s+ce\\s+[0-9.]+%").containsPattern("nonl\\s+nonl\\s+[0-9.]+%\\s+[+-][0-9.]+%")
                .contains("mean");
        Ncd.Run bad = Cli.run(work, 120, "transfer", "--encoder", "runs", "--dataset", "synthetic");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("not a trained run");
    }
}
