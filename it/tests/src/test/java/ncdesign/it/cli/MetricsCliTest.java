package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.features.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ncd metrics on NumPy files exported from another framework. */
class MetricsCliTest {
    @TempDir
    Path work;

    @Test
    void npyFilesOfAnExactSimplexGiveOptimalMetricsAndJson() throws Exception {
        writeSimplex(work);
        Ncd.Run run = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy", "--json", "nc.json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("erank-inter\\s+9.000\\d\\s+9.0000\\s+100.0")
                .containsPattern("align-weight-instance\\s+\\S+\\s+0.0000\\s+100.0")
                .contains("% OF OPTIMUM");
        assertThat(Files.readString(work.resolve("nc.json"))).containsPattern("\"erank-inter\":\\{\"value\":9.000");

        Ncd.Run bad = Cli.run(work, 120, "metrics", "--features", "y.npy", "--labels", "y.npy");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("y.npy").contains("2-D");
    }

    /** An exact simplex of K = 10 in d = 16, 200 samples at random norms, as f.npy, y.npy and w.npy in {@code work}. */
    static void writeSimplex(Path work) throws Exception {
        int k = 10;
        int d = 16;
        int n = 200;
        double[][] etf = SimplexEtf.rows(k, d, 1);
        float[] f = new float[n * d];
        int[] y = new int[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            double s = 1 + r.nextDouble();
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (etf[y[i]][j] * s);
            }
        }
        float[] w = new float[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[c * d + j] = (float) etf[c][j];
            }
        }
        try (OutputStream os = Files.newOutputStream(work.resolve("f.npy"))) {
            Npy.writeFloat32(os, f, n, d);
        }
        try (OutputStream os = Files.newOutputStream(work.resolve("y.npy"))) {
            Npy.writeInt32(os, y, n);
        }
        try (OutputStream os = Files.newOutputStream(work.resolve("w.npy"))) {
            Npy.writeFloat32(os, w, k, d);
        }
    }
}
