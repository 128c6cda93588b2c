package ncdesign.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.metric.FeatureSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input checks before measuring, zero rows counted and left out, and the caches' checksum. */
class FeatureCheckTest {
    @TempDir
    Path dir;

    private static final FeatureCheck.Sources SRC = new FeatureCheck.Sources("f.npy", "y.npy", "w.npy", "p.npy");

    /** 10 rows of d = 3, label i % 2, row i = (i+1, 1, 0) unless zeroed. */
    private static MemoryFeatureSet set(float[][] w, int... zeroRows) {
        float[] f = new float[30];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            f[i * 3] = i + 1;
            f[i * 3 + 1] = 1;
            y[i] = i % 2;
        }
        for (int z : zeroRows) {
            f[z * 3] = 0;
            f[z * 3 + 1] = 0;
        }
        return MemoryFeatureSet.of(f, 3, y, 2, null, w, null);
    }

    private static void oneLine(Throwable e, String... fragments) {
        assertThat(e).isInstanceOf(CacheException.class);
        assertThat(e.getMessage()).doesNotContain("\n").contains(fragments);
    }

    @Test
    void invalidInputsFailInOneLineNamingThePart() {
        MemoryFeatureSet ok = set(null);
        float[] nan = new float[30];
        java.util.Arrays.fill(nan, 1);
        nan[7 * 3 + 2] = Float.NaN;
        nan[9 * 3] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> FeatureCheck.scan(MemoryFeatureSet.of(nan, 3, ok.labels(), 2, null, null, null), SRC))
                .satisfies(e -> oneLine(e, "f.npy: 2 of 10 feature rows contain NaN or Inf (first: row 7)"));
        int[] y = ok.labels().clone();
        y[4] = 2;
        assertThatThrownBy(() -> FeatureCheck.scan(MemoryFeatureSet.of(new float[30], 3, y, 2, null, null, null), SRC))
                .satisfies(e -> oneLine(e, "y.npy: label 2 of row 4 is outside 0..1 (K = 2)"));
        assertThatThrownBy(() -> FeatureCheck.scan(set(new float[][] {{1, 0, 0}, {0, 0, 0}}), SRC))
                .satisfies(e -> oneLine(e, "w.npy: 1 of 2 classifier rows have norm 0 (first: row 1)"));
        assertThatThrownBy(() -> FeatureCheck.scan(set(new float[][] {{1, 0, 0}, {0, Float.NaN, 0}}), SRC))
                .satisfies(e -> oneLine(e, "w.npy: classifier row 1 contains NaN or Inf"));
        assertThatThrownBy(() -> FeatureCheck.scan(MemoryFeatureSet.of(new float[0], 3, new int[0], 2, null, null, null), SRC))
                .satisfies(e -> oneLine(e, "f.npy: no samples (N = 0)"));
        int[] p = new int[10];
        p[6] = 5;
        assertThatThrownBy(() -> FeatureCheck.scan(MemoryFeatureSet.of(new float[30], 3, ok.labels(), 2, p, null, null), SRC))
                .satisfies(e -> oneLine(e, "p.npy: prediction 5 of row 6 is outside 0..1"));
    }

    @Test
    void zeroRowsAreCountedAndRefusedOrLeftOut() {
        FeatureCheck.Checked c = FeatureCheck.scan(set(null, 3, 4, 8), SRC);
        assertThat(c.zeroRows()).isEqualTo(3);
        assertThat(c.firstZeroRow()).isEqualTo(3);
        assertThatThrownBy(() -> c.refuseZeroRows(": remove them"))
                .satisfies(e -> oneLine(e, "f.npy: 3 of 10 feature rows have norm 0 (first: row 3)", "no direction", ": remove them"));
        FeatureSet kept = c.withoutZeroRows();
        assertThat(kept.size()).isEqualTo(7);
        assertThat(kept.labels()).containsExactly(0, 1, 0, 1, 0, 1, 1);
        List<Float> firsts = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        kept.forEachBlock((offset, rows, data) -> {
            offsets.add(offset);
            for (int r = 0; r < rows; r++) {
                firsts.add(data[r * 3]);
            }
        });
        assertThat(offsets).containsExactly(0);
        assertThat(firsts).containsExactly(1f, 2f, 3f, 6f, 7f, 8f, 10f);
        assertThat(FeatureCheck.scan(set(null), SRC).withoutZeroRows().size()).isEqualTo(10);
        int[] all = new int[10];
        for (int i = 0; i < 10; i++) {
            all[i] = i;
        }
        assertThatThrownBy(() -> FeatureCheck.scan(set(null, all), SRC).withoutZeroRows())
                .satisfies(e -> oneLine(e, "10 of 10 feature rows have norm 0", "nothing is left to measure"));
    }

    private Path cache(String name) throws IOException {
        Path file = dir.resolve(name);
        MemoryFeatureSet fs = set(new float[][] {{1, 0, 0}, {0, 1, 0}});
        FeatureCaches.write(fs, file, Map.of());
        return file;
    }

    @Test
    void cachesCarryAChecksumThatDetectsFlippedBytes() throws IOException {
        Path file = cache("c.arrow");
        long bodyStart;
        long bodyEnd;
        try (ArrowFeatureSet fs = ArrowFeatureSet.open(file)) {
            assertThat(fs.size()).isEqualTo(10);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             org.apache.arrow.memory.RootAllocator a = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.vector.ipc.ArrowFileReader r = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, a)) {
            r.getVectorSchemaRoot();
            assertThat(r.getMetaData()).containsKey("ncd.checksum").containsKey("ncd.checksum_bytes");
            org.apache.arrow.vector.ipc.message.ArrowBlock b = r.getRecordBlocks().get(0);
            bodyStart = b.getOffset() + b.getMetadataLength();
            bodyEnd = bodyStart + b.getBodyLength();
        }
        // 50 bytes of the features' data (the body's last buffer, 120 bytes), each with its lowest bit flipped
        assertThat(bodyEnd - bodyStart).isGreaterThan(200);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 50; i++) {
                long p = bodyEnd - 1 - 2 * i;
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, p);
                one.put(0, (byte) (one.get(0) ^ 1)).rewind();
                ch.write(one, p);
            }
        }
        assertThatThrownBy(() -> ArrowFeatureSet.open(file))
                .satisfies(e -> oneLine(e, file.toString(), "checksum mismatch", "--no-verify"));
        try (ArrowFeatureSet fs = ArrowFeatureSet.open(file, false)) {
            assertThat(fs.size()).isEqualTo(10);
        }
    }
}
