package ncdesign.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import ncdesign.api.metric.FeatureSet;
import ncdesign.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path dir;

    static final int N = 10_000;
    static final int D = 6;
    static final int K = 4;

    private Path write(Path file, float[] f, int[] y, int[] pred, float[][] w, float[] b) throws IOException {
        try (FeatureCacheWriter wr = new FeatureCacheWriter(file, D, 0, K, pred != null, List.of("a", "b", "c", "d"),
                w, b, Map.of("ncd.split", "train", "ncd.loss", "ce"))) {
            int[] ids = new int[N];
            for (int i = 0; i < N; i++) {
                ids[i] = i;
            }
            // uneven chunks across the record-batch boundary
            for (int off = 0; off < N; off += 3333) {
                int n = Math.min(3333, N - off);
                wr.append(Arrays.copyOfRange(ids, off, off + n), Arrays.copyOfRange(y, off, off + n),
                        pred == null ? null : Arrays.copyOfRange(pred, off, off + n),
                        Arrays.copyOfRange(f, off * D, (off + n) * D), null, n);
            }
            wr.commit();
        }
        return file;
    }

    @Test
    void roundTripIsExact() throws IOException {
        Random r = new Random(1);
        float[] f = new float[N * D];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        int[] y = r.ints(N, 0, K).toArray();
        int[] p = r.ints(N, 0, K).toArray();
        float[][] w = {{1, 2, 3, 4, 5, 6}, {-1, 0, 0, 0, 0, 0.5f}, {0, 0, 0, 0, 0, 0}, {1e-8f, 3, 3, 3, 3, 3}};
        float[] b = {0.1f, -0.2f, 0.3f, Float.MIN_VALUE};
        Path file = write(dir.resolve("c.arrow"), f, y, p, w, b);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("ARROW1");
        assertThat(new String(bytes, bytes.length - 6, 6, StandardCharsets.US_ASCII)).isEqualTo("ARROW1");
        try (ArrowFeatureSet fs = ArrowFeatureSet.open(file)) {
            assertThat(fs.size()).isEqualTo(N);
            assertThat(fs.dim()).isEqualTo(D);
            assertThat(fs.numClasses()).isEqualTo(K);
            assertThat(fs.labels()).isEqualTo(y);
            assertThat(fs.predictions()).contains(p);
            assertThat(fs.weights().orElseThrow()).isDeepEqualTo(w);
            assertThat(fs.bias().orElseThrow()).isEqualTo(b);
            assertThat(fs.metadata()).containsEntry("ncd.loss", "ce").containsEntry("ncd.split", "train");
            float[] back = new float[N * D];
            List<Integer> offsets = new ArrayList<>();
            fs.forEachBlock((offset, rows, data) -> {
                offsets.add(offset);
                System.arraycopy(data, 0, back, offset * D, rows * D);
            });
            assertThat(back).isEqualTo(f);
            assertThat(offsets).hasSizeGreaterThan(1).startsWith(0);
        }
        assertNoTemps();
    }

    @Test
    void abortedWriterLeavesNothing() throws IOException {
        Path file = dir.resolve("x.arrow");
        try (FeatureCacheWriter wr = new FeatureCacheWriter(file, D, 0, K, false, List.of("a", "b", "c", "d"), null, null, Map.of())) {
            wr.append(new int[] {0}, new int[] {1}, null, new float[D], null, 1);
            assertThatThrownBy(() -> wr.append(new int[] {1}, new int[] {9}, null, new float[D], null, 1))
                    .hasMessageContaining("label 9");
        }
        assertThat(file).doesNotExist();
        assertNoTemps();
    }

    @Test
    void truncatedOrForeignFilesAreOneLineErrors() throws IOException {
        float[] f = new float[N * D];
        int[] y = new int[N];
        Path good = write(dir.resolve("g.arrow"), f, y, null, null, null);
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {0, 5, 100, bytes.length / 2, bytes.length - 7, bytes.length - 1}) {
            Path t = dir.resolve("t" + cut + ".arrow");
            Files.write(t, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> ArrowFeatureSet.open(t).close())
                    .as("cut at " + cut).isInstanceOf(CacheException.class).hasMessageContaining(t.toString());
        }
        assertThatThrownBy(() -> ArrowFeatureSet.open(dir.resolve("none.arrow"))).hasMessageContaining("not found");
    }

    @Test
    void staleTempFilesAreCleaned() throws IOException {
        Files.writeString(dir.resolve(".c.arrow.tmp-1a2b"), "partial");
        Files.writeString(dir.resolve("keep.txt"), "x");
        assertThat(AtomicFiles.cleanStaleTemps(dir)).isEqualTo(1);
        assertNoTemps();
        assertThat(dir.resolve("keep.txt")).exists();
    }

    @Test
    void npyRoundTripAndErrors() throws IOException {
        float[] f = {1, 2, 3, 4, 5, 6};
        Path fp = dir.resolve("f.npy");
        Path yp = dir.resolve("y.npy");
        try (OutputStream os = Files.newOutputStream(fp)) {
            Npy.writeFloat32(os, f, 3, 2);
        }
        try (OutputStream os = Files.newOutputStream(yp)) {
            Npy.writeInt32(os, new int[] {0, 2, 1}, 3);
        }
        FeatureSet fs = NpyFeatureSet.open(fp, yp, null, null, null);
        assertThat(fs.size()).isEqualTo(3);
        assertThat(fs.dim()).isEqualTo(2);
        assertThat(fs.numClasses()).isEqualTo(3);
        float[] back = new float[6];
        fs.forEachBlock((o, rows, data) -> System.arraycopy(data, 0, back, o * 2, rows * 2));
        assertThat(back).isEqualTo(f);
        assertThatThrownBy(() -> NpyFeatureSet.open(yp, yp, null, null, null)).hasMessageContaining("2-D");
        byte[] bytes = Files.readAllBytes(fp);
        Files.write(fp, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> NpyFeatureSet.open(fp, yp, null, null, null)).hasMessageContaining("truncated");
        String fortran = new String(bytes, StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
        Files.write(fp, fortran.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyFeatureSet.open(fp, yp, null, null, null)).hasMessageContaining("Fortran");
    }

    private void assertNoTemps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList()).isEmpty();
        }
    }
}
