package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.features.Npy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3 GiB float32 {@code .npy} (issue 21, item 13) read by {@code ncd metrics} in a JVM of 1 GB heap: the file is sparse
 * (a few KB on disk), its 1,572,864 rows of d = 512 are zero except 100 rows at the start (classes 0-4) and 100 at the
 * very end, 3 GiB in (classes 5-9), so a reader that cannot reach beyond 2 GB, or holds the file in memory, fails;
 * the zero rows are left out with their count ({@code --exclude-zero-rows}), and the 200 rows form an exact simplex.
 */
@Tag("slow")
class LargeNpyTest {
    private static final int D = 512;
    private static final int K = 10;
    private static final int N = (int) ((3L << 30) / (4L * D)); // 1,572,864 rows: 3 GiB of float32
    private static final int EDGE = 100;

    @TempDir
    Path work;

    private static byte[] header(String descr, long... shape) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        Npy.writeHeader(h, descr, shape);
        return h.toByteArray();
    }

    /** Writes {@code header}, then {@code first} at the data's start and {@code last} ending at the file's end; the rest is a hole. */
    private static void sparse(Path file, byte[] header, ByteBuffer first, ByteBuffer last, long dataBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(header), 0);
            ch.write(first, header.length);
            ch.write(last, header.length + dataBytes - last.remaining());
        }
    }

    @Test
    void aThreeGigabyteSparseNpyIsReadWithOneGigabyteOfHeap() throws Exception {
        double[][] etf = SimplexEtf.rows(K, D, 1);
        ByteBuffer first = ByteBuffer.allocate(EDGE * D * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer last = ByteBuffer.allocate(EDGE * D * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer firstY = ByteBuffer.allocate(EDGE * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer lastY = ByteBuffer.allocate(EDGE * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < EDGE; i++) {
            int a = i % 5;
            int b = 5 + i % 5;
            double scale = 1 + (i % 7) / 7.0;
            for (int j = 0; j < D; j++) {
                first.putFloat((float) (etf[a][j] * scale));
                last.putFloat((float) (etf[b][j] * scale));
            }
            firstY.putInt(a);
            lastY.putInt(b);
        }
        Path big = work.resolve("big.npy");
        sparse(big, header("<f4", N, D), first.flip(), last.flip(), (long) N * D * 4);
        sparse(work.resolve("y.npy"), header("<i4", N), firstY.flip(), lastY.flip(), (long) N * 4);
        float[] w = new float[K * D];
        for (int c = 0; c < K; c++) {
            for (int j = 0; j < D; j++) {
                w[c * D + j] = (float) etf[c][j];
            }
        }
        try (OutputStream os = Files.newOutputStream(work.resolve("w.npy"))) {
            Npy.writeFloat32(os, w, K, D);
        }
        assertThat(Files.size(big)).isGreaterThan(3L << 30);
        try {
            Ncd.Run run = Ncd.runWithJvmOptions(List.of("-Xmx1g"), work, 900, "metrics", "--features", "big.npy",
                    "--labels", "y.npy", "--weights", "w.npy", "--exclude-zero-rows");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains((N - 2 * EDGE) + " of " + N + " feature rows have norm 0 (first: row " + EDGE + ")")
                    .contains("measured without them (" + 2 * EDGE + " rows)")
                    .doesNotContain("OutOfMemoryError", "Exception");
            // all 10 classes, so the rows 3 GiB into the file were read where they are
            assertThat(run.out()).containsPattern("erank-inter\\s+9.0\\d+\\s+9.0000\\s+100.0")
                    .containsPattern("ncc-accuracy\\s+1.0000")
                    .containsPattern("(?m)^accuracy\\s+1.0000");
        } finally {
            Files.deleteIfExists(big);
        }
    }
}
