package ncdesign.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.metrics.stats.ClassStats;
import org.junit.jupiter.api.Test;

/** The metrics through their context: one pass shares its work, parameters arrive, nothing outlives the pass. */
class MetricContextTest {

    /** A feature set that counts how often it is streamed. */
    static final class Counting implements FeatureSet {
        final AtomicInteger streams = new AtomicInteger();
        private final FeatureSet fs;

        Counting(FeatureSet fs) {
            this.fs = fs;
        }

        @Override
        public int size() {
            return fs.size();
        }

        @Override
        public int dim() {
            return fs.dim();
        }

        @Override
        public int numClasses() {
            return fs.numClasses();
        }

        @Override
        public int[] labels() {
            return fs.labels();
        }

        @Override
        public Optional<int[]> predictions() {
            return fs.predictions();
        }

        @Override
        public Optional<float[][]> weights() {
            return fs.weights();
        }

        @Override
        public Optional<float[]> bias() {
            return fs.bias();
        }

        @Override
        public List<String> columns() {
            return fs.columns();
        }

        @Override
        public String column() {
            return fs.column();
        }

        @Override
        public FeatureSet select(String column) {
            return this;
        }

        @Override
        public void forEachBlock(BlockVisitor visitor) {
            streams.incrementAndGet();
            fs.forEachBlock(visitor);
        }
    }

    @Test
    void onePassStreamsTheFeaturesAtMostThreeTimesForEveryMetric() {
        Counting fs = new Counting(MetricsTest.gaussian(600, 8, 5, 3, true, 0));
        Map<String, MetricValue> all = MetricsTest.runAll(fs, MetricsTest.NAMES);
        assertThat(all).hasSize(19);
        // statistics, predictions, scatter: once each however many metrics read them
        assertThat(fs.streams.get()).isEqualTo(3);
    }

    @Test
    void theUsersParametersReachTheMetric() {
        InMemoryFeatureSet fs = MetricsTest.gaussian(2000, 16, 6, 4, true, 0);
        MetricProvider p = MetricsTest.providers().get("erank-inter");
        Params eps = Params.resolve("metric 'erank-inter'", p.parameters(), Map.of("eps", "0.5"));
        double got;
        try (MetricPass pass = MetricPass.over(fs)) {
            got = p.create(eps).compute(pass.context(eps)).get(0).value();
        }
        double expected = ErankInter.compute(ClassStats.compute(fs), 0.5).get(0).value();
        assertThat(got).isCloseTo(expected, within(1e-12));
        assertThat(got).isNotCloseTo(MetricsTest.run("erank-inter", fs).get(0).value(), within(1e-3));
    }

    @Test
    void mirAndHdrShareTheirEntropiesOnlyAtTheSameTolerance() {
        InMemoryFeatureSet fs = MetricsTest.gaussian(600, 8, 5, 3, true, 0);
        MetricProvider mir = MetricsTest.providers().get("mir");
        MetricProvider hdr = MetricsTest.providers().get("hdr");
        Params def = Params.defaults("metric 'mir'", mir.parameters());
        Params other = Params.resolve("metric 'hdr'", hdr.parameters(), Map.of("mean-zero-tol", "1e-3"));
        try (MetricPass pass = MetricPass.over(fs)) {
            mir.create(def).compute(pass.context(def));
            int afterMir = pass.sharedCount(); // class statistics and entropies
            hdr.create(def).compute(pass.context(def));
            assertThat(pass.sharedCount()).isEqualTo(afterMir);
            hdr.create(other).compute(pass.context(other));
            assertThat(pass.sharedCount()).isEqualTo(afterMir + 1);
        }
    }

    @Test
    void noFeatureSetOutlivesItsPass() {
        // run every metric, keep only a weak reference to the set; a static cache of the set or of anything holding
        // it (as the old per-instance ClassStats cache did) keeps it reachable and fails this
        WeakReference<FeatureSet> ref = measureAndForget();
        assertThat(collected(ref, 20_000))
                .as("the feature set is still reachable after its metrics pass")
                .isTrue();
    }

    private static WeakReference<FeatureSet> measureAndForget() {
        InMemoryFeatureSet fs = MetricsTest.gaussian(600, 8, 5, 3, true, 0);
        Map<String, MetricValue> all = MetricsTest.runAll(fs, new TreeSet<>(MetricsTest.NAMES));
        assertThat(all).isNotEmpty();
        return new WeakReference<>(fs);
    }

    /**
     * Whether {@code ref} is cleared within {@code timeoutMs}: full collections with some allocation in between (a
     * weakly reachable object goes in the first one on every HotSpot collector; the loop covers slow or lazy ones).
     */
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
