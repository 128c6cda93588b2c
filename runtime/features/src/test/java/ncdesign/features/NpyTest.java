package ncdesign.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ncdesign.api.metric.FeatureSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader: header arithmetic checked in one line, large files streamed by position, labels checked exactly. */
class NpyTest {
    @TempDir
    Path dir;

    private Path raw(String name, String descr, String shape, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p)) {
            String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
            h = h + " ".repeat((64 - (10 + h.length() + 1) % 64) % 64) + "\n";
            os.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            os.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) h.length()).array());
            os.write(h.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            os.write(data);
        }
        return p;
    }

    private Path labels(String name, long... y) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(y.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : y) {
            b.putLong(v);
        }
        return raw(name, "<i8", "(" + y.length + ",)", b.array());
    }

    private Path floats(String name, float[] v, int rows, int cols) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p)) {
            Npy.writeFloat32(os, v, rows, cols);
        }
        return p;
    }

    private static void oneLine(Throwable e, String... fragments) {
        assertThat(e).isInstanceOf(CacheException.class);
        assertThat(e.getMessage()).doesNotContain("\n");
        for (String f : fragments) {
            assertThat(e.getMessage()).contains(f);
        }
    }

    @Test
    void headerArithmeticIsCheckedInOneLine() throws IOException {
        Path negative = raw("neg.npy", "<f4", "(-3, 4)", new byte[48]);
        assertThatThrownBy(() -> Npy.header(negative)).satisfies(e -> oneLine(e, "neg.npy", "negative dimension -3"));
        assertThatThrownBy(() -> Npy.read(negative)).satisfies(e -> oneLine(e, "negative dimension -3"));
        Path overflow = raw("big.npy", "<f4", "(4611686018427387904, 4)", new byte[16]);
        assertThatThrownBy(() -> Npy.header(overflow)).satisfies(e -> oneLine(e, "big.npy", "overflows 64 bits"));
        Path huge = raw("huge.npy", "<f8", "(1000000, 1000000)", new byte[16]);
        assertThatThrownBy(() -> Npy.header(huge)).satisfies(e -> oneLine(e, "truncated", "8000000000000 data bytes"));
        Path word = raw("word.npy", "<f4", "(3, x)", new byte[48]);
        assertThatThrownBy(() -> Npy.header(word)).satisfies(e -> oneLine(e, "unreadable dimension 'x'"));
        Path complex = raw("c.npy", "<c8", "(2,)", new byte[16]);
        assertThatThrownBy(() -> Npy.header(complex)).satisfies(e -> oneLine(e, "unsupported dtype 'c8'"));
        Path longHeader = dir.resolve("long.npy");
        Files.write(longHeader, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> Npy.header(longHeader)).satisfies(e -> oneLine(e, "truncated .npy header", "4294967295"));
        // a header that holds exactly what its shape says is accepted, 0-d and empty arrays included
        assertThat(Npy.header(raw("empty.npy", "<f4", "(0, 7)", new byte[0])).count()).isZero();
        byte[] two = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array();
        assertThat(Npy.read(raw("scalar.npy", "<f8", "()", two)).values()).containsExactly(2.5);
    }

    @Test
    void largeFilesAreStreamedInBlocksByPositionAsFloat32() throws IOException {
        int d = 600;
        int n = 4000; // 9.6 MB: several blocks of about 4 MB
        Random r = new Random(3);
        float[] f = new float[n * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 7;
        }
        FeatureSet fs = NpyFeatureSet.open(floats("f.npy", f, n, d), labels("y.npy", y), null, null, null);
        assertThat(fs.size()).isEqualTo(n);
        assertThat(fs.numClasses()).isEqualTo(7);
        float[] back = new float[n * d];
        List<Integer> offsets = new ArrayList<>();
        fs.forEachBlock((offset, rows, data) -> {
            offsets.add(offset);
            System.arraycopy(data, 0, back, offset * d, rows * d);
        });
        assertThat(back).isEqualTo(f);
        assertThat(offsets).hasSizeGreaterThan(2).startsWith(0);

        // float64 features are read as float32
        ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putDouble(i + 0.25);
        }
        FeatureSet wide = NpyFeatureSet.open(raw("f8.npy", "<f8", "(3, 2)", b.array()), labels("y3.npy", 0, 1, 1), null, null, null);
        float[] got = new float[6];
        wide.forEachBlock((offset, rows, data) -> System.arraycopy(data, 0, got, offset * 2, rows * 2));
        assertThat(got).containsExactly(0.25f, 1.25f, 2.25f, 3.25f, 4.25f, 5.25f);
    }

    @Test
    void labelsAreCheckedExactlyAgainstK() throws IOException {
        float[] f = new float[6 * 2];
        java.util.Arrays.fill(f, 1);
        Path fp = floats("f.npy", f, 6, 2);
        assertThatThrownBy(() -> NpyFeatureSet.open(fp, labels("y.npy", 0, 1, 2, 3, 1L << 32, 0), null, null, null))
                .satisfies(e -> oneLine(e, "y.npy", "label 4294967296 of row 4"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2147483647"));
        assertThatThrownBy(() -> NpyFeatureSet.open(fp, labels("neg.npy", 0, 1, -1, 0, 0, 0), null, null, null))
                .satisfies(e -> oneLine(e, "neg.npy", "label -1 of row 2 is negative"));
        Path w3 = floats("w3.npy", new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertThatThrownBy(() -> NpyFeatureSet.open(fp, labels("y4.npy", 0, 1, 2, 3, 0, 0), w3, null, null))
                .satisfies(e -> oneLine(e, "y4.npy", "label 3 of row 3 is outside 0..2", "w3.npy has 3 rows, one per class"));
        FeatureSet ok = NpyFeatureSet.open(fp, labels("y3.npy", 0, 1, 2, 0, 1, 2), w3, null, null);
        assertThat(ok.numClasses()).isEqualTo(3);
        assertThat(ok.labels()).containsExactly(0, 1, 2, 0, 1, 2);
        Path empty = floats("f0.npy", new float[0], 0, 2);
        assertThatThrownBy(() -> NpyFeatureSet.open(empty, labels("y0.npy"), null, null, null))
                .satisfies(e -> oneLine(e, "f0.npy", "no samples"));
    }
}
