package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import ncdesign.features.ArrowFeatureSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training runs through the launcher, and bad data that must fail cleanly. */
@Tag("slow")
class TrainTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Fashion-MNIST is a requirement of this suite, not an option: {@code .ci/run} installs Debian's
     * dataset-fashion-mnist, and a missing dataset fails here instead of skipping the tests that train on it.
     */
    static void requireFashionMnist() {
        assertThat(FASHION).as("Fashion-MNIST (apt-get install dataset-fashion-mnist, as .ci/run does)").isDirectory();
    }

    @TempDir
    Path work;

    @Test
    void mlpWithCrossEntropyReachesEightyPercentOnFashionMnistAndCachesFeatures() throws Exception {
        requireFashionMnist();
        Ncd.Run r = Cli.run(work, 900, "train", "--dataset", "fashion-mnist", "--backbone", "mlp", "--loss", "ce",
                "--epochs", "2", "--out", "runs", "--name", "fm");
        assertThat(r.exit()).as(r.err()).isZero();
        Path run = work.resolve("runs/fm");
        String summary = Files.readString(run.resolve("summary.json"));
        double acc = Double.parseDouble(summary.replaceAll("(?s).*\"test_accuracy\":([0-9.eE-]+).*", "$1"));
        assertThat(acc).as("test accuracy").isGreaterThanOrEqualTo(0.80);
        assertThat(r.out()).contains("test accuracy:").contains("run folder:").contains("erank-inter");
        assertThat(run.resolve("config.yaml")).exists();
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0)).startsWith("epoch,step,lr,train_loss");
        assertThat(run.resolve("checkpoints/last.ckpt")).exists();

        Path cache = run.resolve("features/test-epoch-2.arrow");
        byte[] bytes = Files.readAllBytes(cache);
        assertThat(new String(bytes, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("ARROW1");
        assertThat(new String(bytes, bytes.length - 6, 6, StandardCharsets.US_ASCII)).isEqualTo("ARROW1");
        try (ArrowFeatureSet fs = ArrowFeatureSet.open(cache)) {
            assertThat(fs.size()).isEqualTo(10_000);
            assertThat(fs.dim()).isEqualTo(256);
            assertThat(fs.numClasses()).isEqualTo(10);
            assertThat(fs.weights()).get().satisfies(w -> assertThat(w).hasDimensions(10, 256));
            assertThat(fs.bias()).isPresent();
            int[] pred = fs.predictions().orElseThrow();
            int[] y = fs.labels();
            long correct = 0;
            for (int i = 0; i < y.length; i++) {
                correct += pred[i] == y[i] ? 1 : 0;
            }
            assertThat(correct / 10_000.0).isCloseTo(acc, org.assertj.core.data.Offset.offset(1e-6));
        }
        try (Stream<Path> s = Files.list(run.resolve("features"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void truncatedCifarFileGivesOneLineErrorAndNoRunFolder() throws Exception {
        Path data = work.resolve("data/cifar-10-batches-bin");
        Files.createDirectories(data);
        byte[] record = new byte[3073];
        for (int b = 1; b <= 5; b++) {
            Files.write(data.resolve("data_batch_" + b + ".bin"), repeat(record, 4));
        }
        Files.write(data.resolve("test_batch.bin"), repeat(record, 4));
        Files.writeString(data.resolve("batches.meta.txt"), String.join("\n",
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")) + "\n");
        Files.write(data.resolve("data_batch_3.bin"), Arrays.copyOf(repeat(record, 4), 3073 * 3 + 100));
        Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "cifar10", "--data-dir", work.resolve("data").toString(), "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("data_batch_3.bin").containsIgnoringCase("truncated");
        assertNoRuns();
    }

    @Test
    void idxFileWithWrongMagicGivesOneLineErrorAndNoRunFolder() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        Files.write(data.resolve("train-images-idx3-ubyte"), idx(0x0803, new int[] {2, 28, 28}, new byte[2 * 784]));
        Files.write(data.resolve("train-labels-idx1-ubyte"), idx(0x0901, new int[] {2}, new byte[2]));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), idx(0x0803, new int[] {2, 28, 28}, new byte[2 * 784]));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), idx(0x0801, new int[] {2}, new byte[2]));
        Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "fashion-mnist", "--data-dir", data.toString(), "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("train-labels-idx1-ubyte").containsIgnoringCase("magic");
        assertNoRuns();
    }

    @Test
    void aClassWithoutTrainingSamplesIsNamed() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data);
        byte[] labels = new byte[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = (byte) (i % 9); // class 9 never appears
        }
        for (String split : List.of("train", "t10k")) {
            Files.write(data.resolve(split + "-images-idx3-ubyte"), idx(0x0803, new int[] {20, 28, 28}, new byte[20 * 784]));
            Files.write(data.resolve(split + "-labels-idx1-ubyte"), idx(0x0801, new int[] {20}, labels));
        }
        Ncd.Run r = Cli.run(work, 120, "train", "--dataset", "fashion-mnist", "--data-dir", data.toString(), "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("class 9").contains("Ankle boot").contains("no training samples");
        assertNoRuns();
    }

    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] repeat(byte[] r, int n) {
        byte[] out = new byte[r.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(r, 0, out, i * r.length, r.length);
        }
        return out;
    }

    private void assertNoRuns() throws IOException {
        Path runs = work.resolve("runs");
        if (Files.exists(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }
}
