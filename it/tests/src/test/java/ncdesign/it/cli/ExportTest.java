package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.Split;
import ncdesign.features.ArrowFeatureSet;
import ncdesign.data.Dataset;
import ncdesign.data.DatasetCatalog;
import ncdesign.inference.Classifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train → export a SavedModel → load it with TensorFlow's loader → the same predictions as training time. */
@Tag("slow")
class ExportTest {
    @TempDir
    Path work;

    static float[][][] image(Dataset d, int i) {
        float[][][] a = new float[d.height()][d.width()][d.channels()];
        int o = d.imageOffset(i);
        for (int y = 0; y < d.height(); y++) {
            for (int x = 0; x < d.width(); x++) {
                for (int c = 0; c < d.channels(); c++) {
                    a[y][x][c] = (d.images()[o++] & 0xff) / 255f;
                }
            }
        }
        return a;
    }

    @Test
    void exportedModelReproducesTrainingTimePredictionsAndPredictsPngs() throws Exception {
        TrainTest.requireFashionMnist();
        assertThat(Cli.run(work, 600, "train", "--loss", "nonl", "--epochs", "1", "--max-steps", "150", "--metrics", "none",
                "--out", "runs", "--name", "m").exit()).isZero();
        Ncd.Run ex = Cli.run(work, 300, "export", "runs/m", "--out", "model");
        assertThat(ex.exit()).as(ex.err()).isZero();
        assertThat(work.resolve("model/saved_model.pb")).exists();
        assertThat(Files.readString(work.resolve("model/ncdesign.json"))).contains("\"loss\":\"nonl\"").contains("Ankle boot");

        Dataset test = DatasetCatalog.load("fashion-mnist", Split.TEST, null);
        int n = 300;
        List<float[][][]> imgs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            imgs.add(image(test, i));
        }
        try (Classifier c = Classifier.load(work.resolve("model"));
             ArrowFeatureSet cache = ArrowFeatureSet.open(work.resolve("runs/m/features/test-epoch-1.arrow"))) {
            List<Classifier.Prediction> preds = c.predictBatch(imgs);
            int[] cached = cache.predictions().orElseThrow();
            float[] feats = new float[n * cache.dim()];
            cache.forEachBlock((off, rows, data) -> {
                if (off < n) {
                    System.arraycopy(data, 0, feats, off * cache.dim(), Math.min(rows, n - off) * cache.dim());
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(preds.get(i).classIndex()).as("image %d", i).isEqualTo(cached[i]);
                double norm = 0;
                for (int j = 0; j < cache.dim(); j++) {
                    norm += feats[i * cache.dim() + j] * feats[i * cache.dim() + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < cache.dim(); j++) {
                    assertThat(preds.get(i).features()[j]).isCloseTo((float) (feats[i * cache.dim() + j] / norm), within(1e-5f));
                }
            }
        }

        Path pngs = Files.createDirectories(work.resolve("pngs"));
        for (int i = 0; i < 10; i++) {
            BufferedImage b = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = test.images()[test.imageOffset(i) + y * 28 + x] & 0xff;
                    b.getRaster().setSample(x, y, 0, v);
                }
            }
            ImageIO.write(b, "png", pngs.resolve(String.format("%02d-label%d.png", i, test.labels()[i])).toFile());
        }
        Ncd.Run pr = Cli.run(work, 300, "predict", "--model", "model", "--json", "pngs");
        assertThat(pr.exit()).as(pr.err()).isZero();
        List<String> lines = pr.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).hasSize(10);
        int correct = 0;
        for (String l : lines) {
            int label = Integer.parseInt(l.replaceAll(".*label(\\d)\\.png.*", "$1"));
            int index = Integer.parseInt(l.replaceAll(".*\"index\":(\\d+),\"top\".*", "$1"));
            correct += label == index ? 1 : 0;
        }
        assertThat(correct).as("true labels among 10 test PNGs").isGreaterThanOrEqualTo(7);
    }

    @Test
    void corruptOrForeignModelFoldersAreOneLineErrors() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        assertThatThrownBy(() -> Classifier.load(empty)).isInstanceOf(DataException.class).hasMessageContaining("not an exported ncdesign model");
        Path bad = Files.createDirectories(work.resolve("bad"));
        Files.writeString(bad.resolve("saved_model.pb"), "garbage");
        Files.writeString(bad.resolve("ncdesign.json"), "{\"format\":\"ncdesign-savedmodel-1\",\"class_names\":[\"a\"]," 
                + "\"input\":{\"height\":2,\"width\":2,\"channels\":1}}");
        assertThatThrownBy(() -> Classifier.load(bad)).isInstanceOf(DataException.class).hasMessageContaining("cannot load the SavedModel");
        Ncd.Run r = Cli.run(work, 120, "predict", "--model", "bad", "x.png");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("bad").contains("SavedModel");
        Ncd.Run e = Cli.run(work, 120, "export", "nowhere", "--out", "m2");
        assertThat(e.exit()).isEqualTo(2);
        assertThat(e.errorLine()).contains("cannot export").contains("last.ckpt");
    }

    @Test
    void sclRunsExportTheirFixedPrototypes() throws Exception {
        assertThat(Cli.run(work, 600, "scl", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=64",
                "--epochs", "1", "--batch", "64", "--probe-epochs", "1", "--out", "runs", "--name", "s").exit()).isZero();
        assertThat(Cli.run(work, 300, "export", "runs/s", "--out", "sm").exit()).isZero();
        assertThat(Files.readString(work.resolve("sm/ncdesign.json"))).contains("\"classifier\":\"fixed-prototypes\"");
        Dataset test = DatasetCatalog.load("synthetic", Split.TEST, null);
        try (Classifier c = Classifier.load(work.resolve("sm"))) {
            Classifier.Prediction p = c.predict(image(test, 0));
            assertThat(p.features()).hasSize(128);
            assertThat(p.cosines()).hasSize(10);
            assertThat(p.probabilities()[p.classIndex()]).isEqualTo((float) p.probability());
        }
    }
}
