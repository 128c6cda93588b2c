package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random truncations and byte flips of small dataset files: every case either loads a consistent dataset or fails
 * with a {@link DataException} naming the file — never another exception, a hang, or silent garbage. A cut image
 * file is always refused (ImageIO alone would decode part of it).
 */
class FuzzTest {
    @TempDir
    Path dir;

    @Test
    void idxAndCifarReadersSurviveCorruption() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(11);
            Path mnist = dir.resolve("mnist");
            ReadersTest.writeMnist(mnist, true, 30);
            Path cifar = Files.createDirectories(dir.resolve("cifar/cifar-10-batches-bin"));
            byte[] rec = new byte[3073 * 3];
            for (int i = 0; i < rec.length; i++) {
                rec[i] = (byte) (i % 3073 == 0 ? (i / 3073) % 10 : r.nextInt(256));
            }
            for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin")) {
                Files.write(cifar.resolve(f), rec);
            }
            List<Path> targets = List.of(mnist.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("train-labels-idx1-ubyte.gz"),
                    cifar.resolve("data_batch_2.bin"));
            int loaded = 0;
            int rejected = 0;
            for (int trial = 0; trial < 200; trial++) {
                Path target = targets.get(trial % targets.size());
                byte[] good = Files.readAllBytes(target);
                byte[] bad = good.clone();
                if (r.nextBoolean()) {
                    bad = Arrays.copyOf(good, r.nextInt(good.length));
                } else {
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
                    }
                }
                Files.write(target, bad);
                boolean isCifar = target.toString().contains("cifar");
                try {
                    Dataset d = isCifar ? DatasetCatalog.load("cifar10", Split.TRAIN, dir.resolve("cifar"))
                            : DatasetCatalog.load("mnist", Split.TRAIN, mnist);
                    // what loads must be consistent: labels in range and the declared geometry
                    assertThat(d.images().length).isEqualTo(d.size() * d.imageBytes());
                    for (int y : d.labels()) {
                        assertThat(y).isBetween(0, d.numClasses() - 1);
                    }
                    loaded++;
                } catch (DataException e) {
                    assertThat(e.getMessage()).doesNotContain("\n").contains(target.getFileName().toString());
                    rejected++;
                } finally {
                    Files.write(target, good);
                }
            }
            assertThat(rejected).isGreaterThan(100);
            assertThat(loaded + rejected).isEqualTo(200);
        });
    }

    @Test
    void everyCutOfAJpegOrPngAndEveryChangedPngByteIsRefusedByName() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(12);
            int refused = 0;
            for (String format : List.of("jpg", "png")) {
                Path root = dir.resolve("img-" + format);
                Path f = ReadersTest.writeOneImageFolder(root, format);
                byte[] good = Files.readAllBytes(f);
                for (int trial = 0; trial < 60; trial++) {
                    byte[] bad;
                    if (trial % 2 == 0 || format.equals("jpg")) {
                        bad = Arrays.copyOf(good, r.nextInt(good.length)); // JPEG data after a changed byte may still decode
                    } else {
                        bad = good.clone();
                        bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255)); // a PNG's CRCs catch every changed byte
                    }
                    Files.write(f, bad);
                    try {
                        DatasetCatalog.load("folder:" + root, Split.TRAIN, null);
                    } catch (DataException e) {
                        assertThat(e.getMessage()).doesNotContain("\n").startsWith(f.toString());
                        refused++;
                    }
                }
                Files.write(f, good);
                assertThat(DatasetCatalog.load("folder:" + root, Split.TRAIN, null).size()).isEqualTo(1);
            }
            assertThat(refused).isEqualTo(120);
        });
    }
}
