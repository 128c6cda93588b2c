package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(payload).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(raw);
        }
        return bos.toByteArray();
    }

    static void writeMnist(Path d, boolean gz, int n) throws IOException {
        Files.createDirectories(d);
        byte[] px = new byte[n * 4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 10);
        }
        for (String split : List.of("train", "t10k")) {
            byte[] img = idx(0x803, new int[] {n, 4, 3}, px);
            byte[] lbl = idx(0x801, new int[] {n}, y);
            Files.write(d.resolve(split + "-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(img) : img);
            Files.write(d.resolve(split + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(lbl) : lbl);
        }
    }

    @Test
    void idxRawAndGzipReadTheSame() throws IOException {
        writeMnist(dir.resolve("raw"), false, 12);
        writeMnist(dir.resolve("gz"), true, 12);
        Dataset a = DatasetCatalog.load("mnist", Split.TRAIN, dir.resolve("raw"));
        Dataset b = DatasetCatalog.load("mnist", Split.TEST, dir.resolve("gz"));
        assertThat(a.size()).isEqualTo(12);
        assertThat(a.height()).isEqualTo(4);
        assertThat(a.width()).isEqualTo(3);
        assertThat(a.channels()).isEqualTo(1);
        assertThat(a.images()).isEqualTo(b.images());
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.images()[13]).isEqualTo((byte) 13);
        assertThat(a.classNames()).hasSize(10);
    }

    @Test
    void idxCorruptionsAreNamedErrors() throws IOException {
        writeMnist(dir, false, 12);
        Path img = dir.resolve("train-images-idx3-ubyte");
        byte[] good = Files.readAllBytes(img);
        Files.write(img, Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir))
                .isInstanceOf(DataException.class).hasMessageContaining("train-images-idx3-ubyte").hasMessageContaining("truncated");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(4, 40_000_000);
        Files.write(img, huge);
        assertThatThrownBy(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir)).hasMessageContaining("truncated");
        byte[] magic = good.clone();
        magic[3] = 0x05;
        Files.write(img, magic);
        assertThatThrownBy(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir)).hasMessageContaining("wrong magic number 0x00000805");
        Files.write(img, good);
        Path lbl = dir.resolve("train-labels-idx1-ubyte");
        byte[] labels = Files.readAllBytes(lbl);
        labels[8 + 2] = 11;
        Files.write(lbl, labels);
        assertThatThrownBy(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir)).hasMessageContaining("label 11 of item 2");
    }

    @Test
    void cifarRecordsBecomeNhwc() throws IOException {
        Path d = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        byte[] rec = new byte[3073];
        rec[0] = 7;
        for (int p = 0; p < 1024; p++) {
            rec[1 + p] = (byte) 10;
            rec[1 + 1024 + p] = (byte) 20;
            rec[1 + 2048 + p] = (byte) p;
        }
        for (int b = 1; b <= 5; b++) {
            Files.write(d.resolve("data_batch_" + b + ".bin"), rec);
        }
        Files.write(d.resolve("test_batch.bin"), rec);
        Dataset ds = DatasetCatalog.load("cifar10", Split.TRAIN, dir);
        assertThat(ds.size()).isEqualTo(5);
        assertThat(ds.labels()).containsOnly(7);
        assertThat(ds.classNames().get(7)).isEqualTo("horse");
        int px = 33;
        assertThat(ds.images()[px * 3]).isEqualTo((byte) 10);
        assertThat(ds.images()[px * 3 + 1]).isEqualTo((byte) 20);
        assertThat(ds.images()[px * 3 + 2]).isEqualTo((byte) 33);
        rec[0] = 12;
        Files.write(d.resolve("data_batch_2.bin"), rec);
        assertThatThrownBy(() -> DatasetCatalog.load("cifar10", Split.TRAIN, dir))
                .hasMessageContaining("data_batch_2.bin").hasMessageContaining("label 12 of record 0");
    }

    @Test
    void missingDatasetSaysWhereItLookedAndHowToGetIt() {
        assertThatThrownBy(() -> DatasetCatalog.load("cifar100", Split.TRAIN, dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("cifar-100-binary").hasMessageContaining("kriz/cifar");
        assertThatThrownBy(() -> DatasetCatalog.load("imagenet", Split.TRAIN, dir)).hasMessageContaining("unknown dataset 'imagenet'");
    }

    @Test
    void realFashionMnistFromDebian() {
        // A requirement, not an option: .ci/run installs dataset-fashion-mnist, and a missing copy fails here.
        assertThat(Path.of("/usr/share/datasets/fashion-mnist")).as("Fashion-MNIST (apt-get install dataset-fashion-mnist)").isDirectory();
        Dataset train = DatasetCatalog.load("fashion-mnist", Split.TRAIN, null);
        Dataset test = DatasetCatalog.load("fashion-mnist", Split.TEST, null);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.classCounts()).containsOnly(6000);
        assertThat(test.classCounts()).containsOnly(1000);
    }

    @Test
    void batchesAreReproducibleForAnyThreadCountAndCoverEverySampleOnce() {
        int n = 103;
        byte[] img = new byte[n * 8 * 8 * 3];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (i * 31);
        }
        Dataset d = new Dataset("t", img, new int[n], List.of("a"), 8, 8, 3);
        Augment a = Augment.of("crop-flip", 3);
        byte[] one = collect(BatchStream.train(d, a, 10, 5, 2, 1));
        byte[] four = collect(BatchStream.train(d, a, 10, 5, 2, 4));
        assertThat(four).isEqualTo(one);
        assertThat(collect(BatchStream.train(d, a, 10, 5, 3, 2))).isNotEqualTo(one);
        try (BatchStream s = BatchStream.train(d, a, 10, 5, 2, 3)) {
            boolean[] seen = new boolean[n];
            int count = 0;
            while (s.hasNext()) {
                for (int id : s.next().sampleIds()) {
                    assertThat(seen[id]).isFalse();
                    seen[id] = true;
                    count++;
                }
            }
            assertThat(count).isEqualTo(100);
        }
        try (BatchStream s = BatchStream.eval(d, a, 10, 2)) {
            int count = 0;
            while (s.hasNext()) {
                count += s.next().size();
            }
            assertThat(count).isEqualTo(n);
        }
    }

    @Test
    void flipMirrorsAndCropsStayInTheValueRange() {
        byte[] img = new byte[16];
        for (int i = 0; i < 16; i++) {
            img[i] = (byte) (i * 16);
        }
        Dataset d = new Dataset("t", img, new int[] {0}, List.of("a"), 4, 4, 1);
        byte[] plain = new byte[16];
        Augment.NONE.apply(d, 0, new java.util.SplittableRandom(1), plain, 0);
        assertThat(plain).as("without augmentation the pixels pass through unchanged").isEqualTo(img);
        Augment flipOnly = new Augment(false, true);
        boolean mirrored = false;
        for (long seed = 0; seed < 10 && !mirrored; seed++) {
            byte[] out = new byte[16];
            flipOnly.apply(d, 0, new java.util.SplittableRandom(seed), out, 0);
            if (!Arrays.equals(out, plain)) {
                mirrored = true;
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        assertThat(out[r * 4 + c]).isEqualTo(plain[r * 4 + 3 - c]);
                    }
                }
            }
        }
        assertThat(mirrored).isTrue();
        Augment crop = new Augment(true, true);
        boolean interpolated = false;
        for (long seed = 0; seed < 50; seed++) {
            byte[] out = new byte[16];
            crop.apply(d, 0, new java.util.SplittableRandom(seed), out, 0);
            for (byte v : out) {
                assertThat(v & 0xff).isBetween(0, 240);
                interpolated |= (v & 0xff) % 16 != 0; // bilinear resizing makes values between the source levels
            }
        }
        assertThat(interpolated).isTrue();
    }

    private static byte[] collect(BatchStream s) {
        try (s) {
            byte[] all = new byte[0];
            while (s.hasNext()) {
                Batch b = s.next();
                byte[] grown = Arrays.copyOf(all, all.length + b.pixels().length);
                System.arraycopy(b.pixels(), 0, grown, all.length, b.pixels().length);
                all = grown;
            }
            return all;
        }
    }

    @Test
    void imageFolderReadsPngsAndNamesAnUnreadableImage() throws IOException {
        Path root = dir.resolve("imgs");
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < 2; c++) {
                Path d = Files.createDirectories(root.resolve(split).resolve("class" + c));
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
                img.setRGB(1, 2, (c == 0 ? 0xff0000 : 0x00ff00));
                javax.imageio.ImageIO.write(img, "png", d.resolve("a.png").toFile());
            }
        }
        Dataset ds = DatasetCatalog.load("folder:" + root, Split.TRAIN, null);
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.classNames()).containsExactly("class0", "class1");
        assertThat(ds.height()).isEqualTo(4);
        assertThat(ds.width()).isEqualTo(5);
        int p = (2 * 5 + 1) * 3;
        assertThat(ds.images()[p] & 0xff).isEqualTo(255);
        assertThat(ds.images()[ds.imageBytes() + p + 1] & 0xff).isEqualTo(255);
        Files.write(root.resolve("train/class1/broken.png"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DatasetCatalog.load("folder:" + root, Split.TRAIN, null))
                .isInstanceOf(DataException.class).hasMessageContaining("broken.png").hasMessageContaining("unreadable");
        Files.delete(root.resolve("train/class1/broken.png"));
        Files.createDirectories(root.resolve("train/class2"));
        assertThatThrownBy(() -> DatasetCatalog.load("folder:" + root, Split.TRAIN, null))
                .hasMessageContaining("class2").hasMessageContaining("no PNG/JPEG");
    }

    /** A {@code w}x{@code h} RGB image of seeded noise (so that a JPEG of it has a long entropy-coded scan). */
    static java.awt.image.BufferedImage noise(int w, int h, long seed) {
        java.util.Random r = new java.util.Random(seed);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** {@code root/train/class0/a.<format>}: one image folder dataset of one class and one image; returns the image file. */
    static Path writeOneImageFolder(Path root, String format) throws IOException {
        Path d = Files.createDirectories(root.resolve("train/class0"));
        Path f = d.resolve("a." + format);
        assertThat(javax.imageio.ImageIO.write(noise(32, 24, 5), format, f.toFile())).isTrue();
        return f;
    }

    @Test
    void aTruncatedJpegOrPngIsRefusedByNameThoughImageIoDecodesIt() throws IOException {
        for (String format : List.of("jpg", "png")) {
            Path root = dir.resolve("cut-" + format);
            Path f = writeOneImageFolder(root, format);
            byte[] good = Files.readAllBytes(f);
            assertThat(DatasetCatalog.load("folder:" + root, Split.TRAIN, null).size()).isEqualTo(1);
            // a JPEG cut at 90% (the rows after the cut come out grey), a PNG cut after its image data (no IEND)
            byte[] cut = Arrays.copyOf(good, format.equals("jpg") ? good.length * 9 / 10 : good.length - 12);
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(cut))).as("ImageIO alone decodes the cut " + format).isNotNull();
            Files.write(f, cut);
            assertThatThrownBy(() -> DatasetCatalog.load("folder:" + root, Split.TRAIN, null))
                    .isInstanceOf(DataException.class).hasMessageStartingWith(f.toString())
                    .hasMessageContaining("truncated " + (format.equals("jpg") ? "JPEG" : "PNG"));
        }
        // bytes after a JPEG's end-of-image marker are ignored, as decoders do
        Path root = dir.resolve("trailer");
        Path f = writeOneImageFolder(root, "jpg");
        Files.write(f, new byte[] {0, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(DatasetCatalog.load("folder:" + root, Split.TRAIN, null).size()).isEqualTo(1);
    }

    @Test
    void anImageOfAnotherSizeIsNamedWithBothSizes() throws IOException {
        Path root = dir.resolve("sizes");
        for (int c = 0; c < 2; c++) {
            Path d = Files.createDirectories(root.resolve("train/class" + c));
            javax.imageio.ImageIO.write(noise(8, 6, c), "png", d.resolve("a.png").toFile());
        }
        Path odd = root.resolve("train/class1/b.png");
        javax.imageio.ImageIO.write(noise(7, 6, 3), "png", odd.toFile());
        assertThatThrownBy(() -> DatasetCatalog.load("folder:" + root, Split.TRAIN, null))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(odd + ": is 7x6")
                .hasMessageContaining(root.resolve("train/class0/a.png") + " is 8x6")
                .hasMessageNotContaining("pass an image size");
    }

    @Test
    void longTailedCountsFollowTheExponentialProfileExactlyAndAreSeeded() {
        int k = 10;
        int per = 500;
        int[] y = new int[k * per];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % k;
        }
        List<String> names = java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
        Dataset d = new Dataset("t", new byte[y.length], y, names, 1, 1, 1);
        for (double rho : new double[] {0.1, 0.02, 0.01}) {
            Dataset lt = d.longTailed(rho, 3);
            int[] counts = lt.classCounts();
            for (int c = 0; c < k; c++) {
                assertThat(counts[c]).as("rho %s class %d", rho, c).isEqualTo((int) Math.floor(per * Math.pow(rho, c / 9.0)));
            }
            assertThat(lt.labels()).isEqualTo(d.longTailed(rho, 3).labels());
        }
        assertThat(d.longTailed(0.01, 3).classCounts()[9]).isEqualTo(5);
        assertThatThrownBy(() -> d.longTailed(0, 1)).isInstanceOf(DataException.class).hasMessageContaining("(0, 1]");
    }
}
