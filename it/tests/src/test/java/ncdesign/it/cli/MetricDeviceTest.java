package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ncdesign.features.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-device}: every metric computed with TensorFlow's kernels (the GPU path, here on the CPU) equals
 * the metrics' Java code on the same features, and a device TensorFlow does not see is refused in one line.
 */
class MetricDeviceTest {
    @TempDir
    Path work;

    @Test
    void tensorFlowKernelsGiveTheJavaValuesForEveryMetric() throws Exception {
        int k = 7;
        int d = 24;
        int n = 420;
        Random r = new Random(11);
        double[][] mu = new double[k][d];
        for (double[] m : mu) {
            for (int j = 0; j < d; j++) {
                m[j] = r.nextGaussian();
            }
        }
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k); // unbalanced, unsorted classes: groups of every size in every block
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (mu[y[i]][j] + 0.7 * r.nextGaussian());
            }
        }
        float[] w = new float[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[c * d + j] = (float) (mu[c][j] + 0.3 * r.nextGaussian());
            }
        }
        write("f.npy", os -> Npy.writeFloat32(os, f, n, d));
        write("y.npy", os -> Npy.writeInt32(os, y, n));
        write("w.npy", os -> Npy.writeFloat32(os, w, k, d));

        Map<String, Double> java = measure("java");
        Map<String, Double> tf = measure("cpu");
        assertThat(java).hasSizeGreaterThanOrEqualTo(14).containsKeys("erank-intra", "nc1", "nc4", "ncc-accuracy", "accuracy");
        assertThat(tf.keySet()).isEqualTo(java.keySet());
        java.forEach((name, v) -> assertThat(tf.get(name)).as(name).isCloseTo(v, org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(v)))));
        // the classifier and the class means are not trivially right: some samples are misclassified
        assertThat(java.get("accuracy")).isBetween(0.5, 0.999);

        Ncd.Run gpu = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy", "--metrics-device", "gpu");
        assertThat(gpu.exit()).isEqualTo(2);
        assertThat(gpu.errorLine()).startsWith("ncd: error: --metrics-device gpu:").contains("sees no GPU").contains("NCD_PROFILE=gpu");
        Ncd.Run unknown = Cli.run(work, 120, "metrics", "--features", "f.npy", "--labels", "y.npy", "--metrics-device", "tpu");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.errorLine()).contains("--metrics-device tpu: expected auto, java, cpu, gpu or gpu:N");
        // a run asking for metrics on a GPU it does not have stops before it trains, leaving no run folder
        Ncd.Run train = Cli.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--loss", "ce", "--epochs", "1",
                "--metrics-device", "gpu", "--out", "runs", "--name", "no-gpu");
        assertThat(train.exit()).isEqualTo(2);
        assertThat(train.errorLine()).contains("--metrics-device gpu");
        assertThat(work.resolve("runs/no-gpu")).doesNotExist();
    }

    private Map<String, Double> measure(String device) throws Exception {
        String json = "nc-" + device + ".json";
        Ncd.Run run = Cli.run(work, 180, "metrics", "--features", "f.npy", "--labels", "y.npy", "--weights", "w.npy",
                "--metrics-device", device, "--json", json);
        assertThat(run.exit()).as(run.err()).isZero();
        if (!device.equals("java")) {
            assertThat(run.err() + run.out()).contains("metric kernels: device " + device).contains("DT_DOUBLE");
        }
        Map<String, Double> values = new TreeMap<>();
        Matcher m = Pattern.compile("\"([a-z0-9-]+)\":\\{\"value\":(-?[0-9.Ee+-]+|NaN)").matcher(Files.readString(work.resolve(json)));
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private interface Writer {
        void to(OutputStream os) throws Exception;
    }

    private void write(String name, Writer w) throws Exception {
        try (OutputStream os = Files.newOutputStream(work.resolve(name))) {
            w.to(os);
        }
    }
}
