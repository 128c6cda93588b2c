package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import ncdesign.features.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ncd metrics} on invalid input (issue 21, items 3, 4, 14, 16): each case exits 2 with one {@code ncd: error:} line
 * naming the file, the row or label and the problem, prints no table and writes nothing.
 */
class MetricsInputsTest {
    private static final int N = 200;
    private static final int D = 16;
    private static final int K = 10;

    @TempDir
    Path work;

    private float[] f;
    private int[] y;
    private float[] w;

    @BeforeEach
    void simplex() throws Exception {
        MetricsCliTest.writeSimplex(work); // f.npy (200×16), y.npy (i % 10), w.npy (10×16), an exact simplex
        f = floats(Npy.read(work.resolve("f.npy")).values());
        w = floats(Npy.read(work.resolve("w.npy")).values());
        y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % K;
        }
    }

    private static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private String npy(String name, float[] values, long rows, long cols) throws IOException {
        try (OutputStream os = Files.newOutputStream(work.resolve(name))) {
            Npy.writeFloat32(os, values, rows, cols);
        }
        return name;
    }

    private String labels(String name, int[] values) throws IOException {
        try (OutputStream os = Files.newOutputStream(work.resolve(name))) {
            Npy.writeInt32(os, values, values.length);
        }
        return name;
    }

    private String labels64(String name, long[] values) throws IOException {
        try (OutputStream os = Files.newOutputStream(work.resolve(name))) {
            Npy.writeHeader(os, "<i8", values.length);
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putLong(v);
            }
            os.write(b.array());
        }
        return name;
    }

    private String arrow(String name, float[] features, long[] labels) throws IOException {
        double[] wide = new double[features.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = features[i];
        }
        ForeignCaches.writeFloat64(work.resolve(name), wide, D, labels, K);
        return name;
    }

    private long[] longLabels() {
        long[] out = new long[N];
        for (int i = 0; i < N; i++) {
            out[i] = y[i];
        }
        return out;
    }

    private float[] withRows(float[] base, float value, int... rows) {
        float[] out = base.clone();
        for (int r : rows) {
            java.util.Arrays.fill(out, r * D, (r + 1) * D, value);
        }
        return out;
    }

    /** One invalid input: the command's arguments and what its one error line must say. */
    private record Case(String name, List<String> args, List<String> says) {
    }

    private static Case npyCase(String name, String features, String labels, String weights, String... says) {
        List<String> a = new ArrayList<>(List.of("--features", features, "--labels", labels));
        if (weights != null) {
            a.addAll(List.of("--weights", weights));
        }
        return new Case(name, a, List.of(says));
    }

    @Test
    void everyInvalidInputExitsTwoWithOneLineAndNoTable() throws Exception {
        float[] nan = f.clone();
        nan[7 * D + 3] = Float.NaN;
        float[] inf = f.clone();
        inf[3 * D] = Float.POSITIVE_INFINITY;
        int[] negative = y.clone();
        negative[5] = -1;
        int[] labelK = y.clone();
        labelK[6] = K;
        long[] huge = longLabels();
        huge[4] = 1L << 32;
        long[] arrowNegative = longLabels();
        arrowNegative[8] = -1;
        float[] w9 = java.util.Arrays.copyOf(w, 9 * D);
        float[] wZero = w.clone();
        java.util.Arrays.fill(wZero, 2 * D, 3 * D, 0f);
        try (OutputStream os = Files.newOutputStream(work.resolve("f-negative.npy"))) {
            Npy.writeHeader(os, "<f4", -3, D);
        }
        List<Case> cases = List.of(
                npyCase("NaN feature", npy("f-nan.npy", nan, N, D), "y.npy", "w.npy", "f-nan.npy", "(first: row 7)", "NaN or Inf"),
                npyCase("Inf feature", npy("f-inf.npy", inf, N, D), "y.npy", "w.npy", "f-inf.npy", "(first: row 3)", "NaN or Inf"),
                npyCase("label -1", "f.npy", labels("y-neg.npy", negative), null, "y-neg.npy", "label -1 of row 5"),
                npyCase("label K", "f.npy", labels("y-k.npy", labelK), "w.npy", "y-k.npy", "label 10 of row 6 is outside 0..9",
                        "w.npy has 10 rows"),
                npyCase("label 2^32", "f.npy", labels64("y-big.npy", huge), "w.npy", "y-big.npy", "label 4294967296 of row 4"),
                npyCase("label 2^32, no weights", "f.npy", labels64("y-big2.npy", huge), null, "label 4294967296 of row 4"),
                npyCase("fewer weight rows than classes", "f.npy", "y.npy", npy("w9.npy", w9, 9, D), "y.npy",
                        "label 9 of row 9 is outside 0..8", "w9.npy has 9 rows"),
                npyCase("N = 0", npy("f0.npy", new float[0], 0, D), labels("y0.npy", new int[0]), null, "f0.npy", "no samples"),
                npyCase("negative shape", "f-negative.npy", "y.npy", null, "f-negative.npy", "negative dimension -3"),
                npyCase("all-zero features", npy("f-zero.npy", new float[N * D], N, D), "y.npy", "w.npy", "f-zero.npy",
                        "200 of 200 feature rows have norm 0 (first: row 0)"),
                npyCase("some zero rows", npy("f-z2.npy", withRows(f, 0, 3, 50), N, D), "y.npy", "w.npy",
                        "f-z2.npy", "2 of 200 feature rows have norm 0 (first: row 3)", "--exclude-zero-rows"),
                npyCase("zero weight row", "f.npy", "y.npy", npy("w-zero.npy", wZero, K, D), "w-zero.npy",
                        "1 of 10 classifier rows have norm 0 (first: row 2)"),
                new Case("Arrow label 2^32", List.of(arrow("c-big.arrow", f, huge)), List.of("c-big.arrow", "label 4294967296 of row 4")),
                new Case("Arrow label -1", List.of(arrow("c-neg.arrow", f, arrowNegative)), List.of("c-neg.arrow", "label -1 of row 8")),
                new Case("Arrow NaN", List.of(arrow("c-nan.arrow", nan, longLabels())), List.of("c-nan.arrow", "(first: row 7)")),
                new Case("Arrow zero rows", List.of(arrow("c-zero.arrow", withRows(f, 0, 3, 50), longLabels())),
                        List.of("c-zero.arrow", "2 of 200 feature rows have norm 0 (first: row 3)")),
                new Case("Arrow N = 0", List.of(arrow("c-empty.arrow", new float[0], new long[0])), List.of("c-empty.arrow", "no samples (N = 0)")),
                new Case("Arrow with a zero weight row", List.of(arrow("c.arrow", f, longLabels()), "--weights", "w-zero.npy"),
                        List.of("w-zero.npy", "1 of 10 classifier rows have norm 0 (first: row 2)")));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("metrics"));
            args.addAll(c.args());
            args.addAll(List.of("--json", "nc.json"));
            Ncd.Run run = Cli.run(work, 120, args.toArray(String[]::new));
            assertThat(run.exit()).as(c.name() + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines().toList()).as(c.name()).hasSize(1);
            assertThat(run.errorLine()).as(c.name()).contains(c.says()).doesNotContain("2147483647", "Exception");
            assertThat(run.out()).as(c.name()).doesNotContain("METRIC");
            assertThat(work.resolve("nc.json")).as(c.name()).doesNotExist();
        }
    }

    @Test
    void float64ArrowColumnsAreReadLikeFloat32() throws Exception {
        Ncd.Run npy = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy");
        Ncd.Run wide = Cli.run(work, 120, "metrics", arrow("c64.arrow", f, longLabels()));
        assertThat(wide.exit()).as(wide.err()).isZero();
        // the same lines as for float32 (the metrics that need a classifier say so), no ClassCastException
        assertThat(wide.err()).doesNotContain("ClassCastException").doesNotContain("failed");
        assertThat(wide.err().replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d ", ""))
                .isEqualTo(npy.err().replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d ", ""));
        assertThat(wide.out()).contains("erank-inter").isEqualTo(npy.out());
    }

    @Test
    void zeroRowsCanBeLeftOutWithAPrintedCount() throws Exception {
        Ncd.Run run = Cli.run(work, 120, "metrics", "--features", npy("f-z2.npy", withRows(f, 0, 3, 50), N, D), "--labels", "y.npy",
                "--weights", "w.npy", "--exclude-zero-rows");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("2 of 200 feature rows have norm 0 (first: row 3)").contains("measured without them (198 rows)");
        assertThat(run.out()).containsPattern("erank-inter\\s+9.000\\d\\s+9.0000\\s+100.0");
        Ncd.Run none = Cli.run(work, 120, "metrics", "--features", npy("f-zero.npy", new float[N * D], N, D), "--labels", "y.npy",
                "--exclude-zero-rows");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.errorLine()).contains("200 of 200 feature rows have norm 0", "nothing is left to measure");
    }

    @Test
    void aDegenerateValueIsNeverShownAsPercentOfOptimum() throws Exception {
        float[] same = new float[N * D];
        for (int i = 0; i < N; i++) {
            same[i * D] = 1 + i % 3; // every sample in one direction: the class means coincide
        }
        Ncd.Run run = Cli.run(work, 120, "metrics", "--features", npy("f-same.npy", same, N, D), "--labels", "y.npy", "--weights", "w.npy");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContainPattern("(?m)^mir\\s").doesNotContainPattern("(?m)^nc1\\s");
        assertThat(run.err()).contains("metric 'mir'").contains("outside its range [0, 1]");
        run.out().lines().filter(l -> l.matches("\\S+(\\s+\\S+){3}") && !l.startsWith("METRIC")).forEach(l -> {
            String pct = l.trim().split("\\s+")[3];
            if (!pct.equals("-")) {
                assertThat(Double.parseDouble(pct)).as(l).isBetween(0.0, 100.0);
            }
        });
    }

    @Test
    void writeCacheNeverOverwritesAnInputAndAnExistingFileOnlyWithForce() throws Exception {
        byte[] before = Files.readAllBytes(work.resolve("f.npy"));
        for (String[] args : List.of(new String[] {"--write-cache", "f.npy"}, new String[] {"--write-cache", "y.npy"},
                new String[] {"--json", "w.npy"})) {
            List<String> a = new ArrayList<>(List.of("metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy"));
            a.addAll(List.of(args));
            Ncd.Run run = Cli.run(work, 120, a.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.errorLine()).contains(args[1]).contains("is an input of this command");
        }
        assertThat(Files.readAllBytes(work.resolve("f.npy"))).isEqualTo(before);
        String[] write = {"metrics", "--features", "f.npy", "--labels", "y.npy", "--write-cache", "c.arrow"};
        assertThat(Cli.run(work, 120, write).exit()).isZero();
        Ncd.Run again = Cli.run(work, 120, write);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.errorLine()).contains("c.arrow exists; pass --force");
        List<String> forced = new ArrayList<>(List.of(write));
        forced.add("--force");
        assertThat(Cli.run(work, 120, forced.toArray(String[]::new)).exit()).isZero();
        Ncd.Run onCache = Cli.run(work, 120, "metrics", "c.arrow", "--write-cache", "d.arrow");
        assertThat(onCache.exit()).isEqualTo(2);
        assertThat(work.resolve("d.arrow")).doesNotExist();
    }

    @Test
    void fiftyFlippedBytesInACacheAreDetectedUnlessNoVerify() throws Exception {
        assertThat(Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy",
                "--write-cache", "c.arrow").exit()).isZero();
        Path cache = work.resolve("c.arrow");
        Ncd.Run clean = Cli.run(work, 120, "metrics", "c.arrow");
        assertThat(clean.exit()).as(clean.err()).isZero();
        long bodyEnd;
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ);
             org.apache.arrow.memory.RootAllocator a = new org.apache.arrow.memory.RootAllocator();
             org.apache.arrow.vector.ipc.ArrowFileReader r = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, a)) {
            org.apache.arrow.vector.ipc.message.ArrowBlock b = r.getRecordBlocks().get(0);
            bodyEnd = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
        }
        // the features are the body's last buffer (200 × 16 float32 = 12,800 bytes): flip the low bit of 50 of them
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 50; i++) {
                long p = bodyEnd - 1 - 256L * i;
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, p);
                one.put(0, (byte) (one.get(0) ^ 1)).rewind();
                ch.write(one, p);
            }
        }
        Ncd.Run corrupt = Cli.run(work, 120, "metrics", "c.arrow");
        assertThat(corrupt.exit()).isEqualTo(2);
        assertThat(corrupt.err().strip().lines().toList()).hasSize(1);
        assertThat(corrupt.errorLine()).contains("c.arrow").contains("checksum mismatch").contains("--no-verify");
        Ncd.Run unchecked = Cli.run(work, 120, "metrics", "c.arrow", "--no-verify");
        assertThat(unchecked.exit()).as(unchecked.err()).isZero();
        assertThat(unchecked.out()).contains("erank-inter").isNotEqualTo(clean.out());
    }
}
