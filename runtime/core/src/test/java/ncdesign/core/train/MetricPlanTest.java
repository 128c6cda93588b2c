package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ncdesign.api.PluginKind;
import ncdesign.api.error.ConfigException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricValue;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.features.MemoryFeatureSet;
import ncdesign.features.WithClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's metrics pass: parameters validated up front and delivered, one pass per call, nothing retained. */
class MetricPlanTest {
    static final PluginRegistry REG = PluginRegistry.discover(null);

    static MemoryFeatureSet features(long seed) {
        int n = 400, d = 8, k = 4;
        Random r = new Random(seed);
        float[] f = new float[n * d];
        int[] y = new int[n];
        float[][] w = new float[k][d];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (r.nextGaussian() + (j % k == y[i] ? 3 : 0));
            }
        }
        for (int c = 0; c < k; c++) {
            w[c][c] = 1;
        }
        return MemoryFeatureSet.of(f, d, y, k, null, w, null);
    }

    static Map<String, Double> values(List<MetricValue> vs) {
        Map<String, Double> m = new LinkedHashMap<>();
        vs.forEach(v -> m.put(v.name(), v.value()));
        return m;
    }

    static Map<String, Map<String, Object>> param(String metric, String key, Object value) {
        return Map.of(metric, Map.of(key, value));
    }

    @Test
    void parametersReachTheMetricsOfThePass() {
        List<PluginInfo> all = REG.list(PluginKind.METRIC);
        MemoryFeatureSet fs = features(1);
        Map<String, Double> def = values(Analysis.metrics(MetricPlan.of(all), fs, null));
        Map<String, Double> eps = values(Analysis.metrics(MetricPlan.resolve(REG, all, param("erank-inter", "eps", "0.5")), fs, null));
        assertThat(def).hasSize(eps.size()).hasSizeGreaterThan(14);
        assertThat(eps.get("erank-inter")).isNotCloseTo(def.get("erank-inter"), within(1e-3));
        def.forEach((name, v) -> {
            if (!name.equals("erank-inter")) {
                // the other metrics keep their defaults (to round-off: the parallel class sums may add in another order)
                assertThat(eps.get(name)).as(name).isCloseTo(v, within(1e-12 * Math.max(1, Math.abs(v))));
            }
        });
    }

    @Test
    void badParametersAreOneLineErrorsNamingThem() {
        List<PluginInfo> all = REG.list(PluginKind.METRIC);
        List<PluginInfo> nc1 = List.of(REG.get(PluginKind.METRIC, "nc1"));
        assertThatThrownBy(() -> MetricPlan.resolve(REG, all, param("no-such-metric", "x", "1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("unknown metric 'no-such-metric'");
        assertThatThrownBy(() -> MetricPlan.resolve(REG, nc1, param("nc2", "x", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metric 'nc2'").hasMessageContaining("not computed here");
        assertThatThrownBy(() -> MetricPlan.resolve(REG, all, param("nc1", "tol", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown parameter 'tol' for metric 'nc1'");
        assertThatThrownBy(() -> MetricPlan.resolve(REG, all, param("nc1", "rcond", "tiny")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rcond' of metric 'nc1' must be a number");
        assertThatThrownBy(() -> MetricPlan.resolve(REG, all, param("erank-intra", "eps", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'eps' of metric 'erank-intra' must be >= 0");
    }

    @Test
    void theConfigurationCarriesMetricParametersFromFileAndCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "metric-params: {nc1: {rcond: 1.0e-8}, erank-intra: {eps: 0.1}}\n");
        TrainConfig cfg = TrainConfig.resolve(file, Map.of(), Map.of(), Map.of()).withMetricParams(List.of("erank-intra.eps=0.2"));
        assertThat(cfg.metricParams().get("nc1")).containsEntry("rcond", 1.0e-8);
        assertThat(cfg.metricParams().get("erank-intra")).containsEntry("eps", "0.2");
        assertThat(cfg.asMap()).containsKey("metric-params");
        assertThatThrownBy(() -> cfg.withMetricParams(List.of("rcond=1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--metric-param expects NAME.KEY=VALUE");
        MetricPlan plan = MetricPlan.resolve(REG, REG.list(PluginKind.METRIC), cfg.metricParams());
        assertThat(plan.entries()).filteredOn(e -> e.info().name().equals("nc1"))
                .singleElement().satisfies(e -> assertThat(e.params().getDouble("rcond")).isEqualTo(1e-8));
    }

    @Test
    void noFeatureSetOutlivesARuntimePass() {
        WeakReference<FeatureSet> ref = measureAndForget();
        assertThat(collected(ref, 20_000)).as("the feature set is still reachable after its metrics pass").isTrue();
    }

    private static WeakReference<FeatureSet> measureAndForget() {
        FeatureSet fs = new WithClassifier(features(2), new float[][] {{1, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0},
            {0, 0, 1, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0, 0}}, null);
        assertThat(Analysis.metrics(MetricPlan.of(REG.list(PluginKind.METRIC)), fs, null)).hasSizeGreaterThan(14);
        return new WeakReference<>(fs);
    }

    /** Whether {@code ref} is cleared within {@code timeoutMs}: full collections with some allocation in between. */
    static boolean collected(WeakReference<?> ref, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        List<byte[]> pressure = new java.util.ArrayList<>();
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            pressure.add(new byte[1 << 20]);
            if (pressure.size() > 16) {
                pressure.clear();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ref.get() == null;
    }
}
