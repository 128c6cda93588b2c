package ncdesign.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.InMemoryFeatureSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Every metric on N = 50,000, d = 512, K = 100; opt-in: {@code -Dncdesign.bench=true}. */
class BenchmarkTest {
    @Test
    @EnabledIfSystemProperty(named = "ncdesign.bench", matches = "true")
    void allMetricsAtTargetSize() {
        int n = 50_000, d = 512, k = 100;
        Random r = new Random(1);
        float[] f = new float[n * d];
        int[] y = new int[n];
        float[][] w = new float[k][d];
        for (float[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (w[y[i]][j] + 2 * r.nextGaussian());
            }
        }
        InMemoryFeatureSet fs = new InMemoryFeatureSet(f, n, d, k, y, null, w, null, 1000);
        long t0 = System.nanoTime();
        Map<String, MetricValue> m = new java.util.LinkedHashMap<>();
        try (MetricPass pass = MetricPass.over(fs)) { // one pass: the statistics are shared, as in a run
            for (String name : new java.util.TreeSet<>(MetricsTest.NAMES)) {
                long s = System.nanoTime();
                MetricsTest.run(name, pass).forEach(v -> m.put(v.name(), v));
                System.out.printf("  %-14s %.2f s%n", name, (System.nanoTime() - s) / 1e9);
            }
        }
        long t1 = System.nanoTime();
        System.out.printf("all metrics, N=%d d=%d K=%d, %d cores: %.2f s%n", n, d, k,
                Runtime.getRuntime().availableProcessors(), (t1 - t0) / 1e9);
        m.values().forEach(v -> System.out.printf("  %-28s %.6g (optimum %.4g, %.1f%%)%n", v.name(), v.value(), v.optimum(),
                v.percentOfOptimum()));
        assertThat(m).hasSize(19);
    }
}
