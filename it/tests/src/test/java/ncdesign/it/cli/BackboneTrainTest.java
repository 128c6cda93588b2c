package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResNet-18 trains on CIFAR-10 files in the official binary format; checkpoints reject the wrong model. */
@Tag("slow")
class BackboneTrainTest {
    @TempDir
    Path work;

    /** Writes a small CIFAR-10 in the official format: 5 train batches and a test batch of {@code n} records each. */
    static Path cifar10(Path root, int n) throws Exception {
        Path d = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
        Random r = new Random(4);
        for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin")) {
            byte[] b = new byte[n * 3073];
            for (int i = 0; i < n; i++) {
                b[i * 3073] = (byte) (i % 10);
                for (int p = 1; p < 3073; p++) {
                    b[i * 3073 + p] = (byte) (25 * (i % 10) + r.nextInt(20));
                }
            }
            Files.write(d.resolve(f), b);
        }
        Files.writeString(d.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
        return root;
    }

    @Test
    void resnet18TrainsOnCifar10InTheOfficialFormat() throws Exception {
        Path data = cifar10(work.resolve("data"), 16);
        Ncd.Run r = Cli.run(work, 600, "train", "--dataset", "cifar10", "--data-dir", data.toString(), "--backbone", "resnet18",
                "--loss", "nonl", "--batch", "16", "--epochs", "1", "--max-steps", "3", "--metrics", "erank-inter",
                "--out", "runs", "--name", "r18");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("test accuracy:");
        assertThat(Files.readString(work.resolve("runs/r18/config.yaml"))).contains("resnet18");
    }

    @Test
    void corruptOrMismatchedCheckpointsAreNamed() throws Exception {
        Path data = cifar10(work.resolve("data"), 16);
        String[] args = {"train", "--dataset", "cifar10", "--data-dir", data.toString(), "--backbone", "mlp", "--backbone-param", "widths=32",
            "--batch", "16", "--epochs", "2", "--metrics", "none", "--evaluators", "none", "--out", "runs", "--name", "m"};
        assertThat(Cli.run(work, 300, args).exit()).isZero();
        Path cfg = work.resolve("runs/m/config.yaml");
        String original = Files.readString(cfg);
        Files.writeString(cfg, original.replace("epochs: 2", "epochs: 3").replace("- 32", "- 48"));
        Ncd.Run mismatch = Cli.run(work, 300, "train", "--resume", "runs/m");
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.errorLine()).contains("last.ckpt").contains("shape").contains("48");

        Files.writeString(cfg, original.replace("epochs: 2", "epochs: 3"));
        for (String name : new String[] {"last.ckpt", "previous.ckpt"}) { // the two newest checkpoints: epochs 2 and 1
            Path ckpt = work.resolve("runs/m/checkpoints").resolve(name);
            byte[] bytes = Files.readAllBytes(ckpt);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(ckpt, bytes);
        }
        Ncd.Run corrupt = Cli.run(work, 300, "train", "--resume", "runs/m");
        assertThat(corrupt.exit()).isEqualTo(2);
        assertThat(corrupt.errorLine()).contains("previous.ckpt is corrupt").contains("last.ckpt is corrupt")
                .contains("train it again");
    }
}
