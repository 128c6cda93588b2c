package ncdesign.api.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import ncdesign.api.PluginException;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import org.junit.jupiter.api.Test;

class MetricPassTest {
    static final FeatureSet EMPTY = new FeatureSet() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public int dim() {
            return 1;
        }

        @Override
        public int numClasses() {
            return 1;
        }

        @Override
        public int[] labels() {
            return new int[0];
        }

        @Override
        public Optional<int[]> predictions() {
            return Optional.empty();
        }

        @Override
        public Optional<float[][]> weights() {
            return Optional.empty();
        }

        @Override
        public Optional<float[]> bias() {
            return Optional.empty();
        }

        @Override
        public List<String> columns() {
            return List.of("features");
        }

        @Override
        public String column() {
            return "features";
        }

        @Override
        public FeatureSet select(String column) {
            return this;
        }

        @Override
        public void forEachBlock(BlockVisitor visitor) {
        }
    };

    static final Params NONE = Params.defaults("test", List.of());

    @Test
    void sharedValuesAreComputedOncePerPassAndAgainInTheNext() {
        AtomicInteger calls = new AtomicInteger();
        try (MetricPass pass = MetricPass.over(EMPTY)) {
            MetricContext a = pass.context(NONE);
            MetricContext b = pass.context(NONE);
            String first = a.shared("k", String.class, () -> "v" + calls.incrementAndGet());
            assertThat(b.shared("k", String.class, () -> "v" + calls.incrementAndGet())).isSameAs(first);
            assertThat(a.shared("other", String.class, () -> "w" + calls.incrementAndGet())).isEqualTo("w2");
            assertThat(pass.sharedCount()).isEqualTo(2);
        }
        try (MetricPass next = MetricPass.over(EMPTY)) {
            assertThat(next.context(NONE).shared("k", String.class, () -> "v" + calls.incrementAndGet())).isEqualTo("v3");
        }
    }

    @Test
    void aSharedValueMayBeBuiltFromAnother() {
        try (MetricPass pass = MetricPass.over(EMPTY)) {
            MetricContext c = pass.context(NONE);
            Integer outer = c.shared("outer", Integer.class, () -> c.shared("inner", Integer.class, () -> 20) + 1);
            assertThat(outer).isEqualTo(21);
            assertThat(pass.sharedCount()).isEqualTo(2);
        }
    }

    @Test
    void aFailureStoresNothing() {
        try (MetricPass pass = MetricPass.over(EMPTY)) {
            MetricContext c = pass.context(NONE);
            assertThatThrownBy(() -> c.shared("k", String.class, () -> {
                throw new PluginException("boom");
            })).hasMessage("boom");
            assertThat(c.shared("k", String.class, () -> "ok")).isEqualTo("ok");
        }
    }

    @Test
    void keyClashesAndNullsAreOneLineErrors() {
        try (MetricPass pass = MetricPass.over(EMPTY)) {
            MetricContext c = pass.context(NONE);
            c.shared("k", String.class, () -> "v");
            assertThatThrownBy(() -> c.shared("k", Integer.class, () -> 1)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("key k").hasMessageContaining("own key type");
            assertThatThrownBy(() -> c.shared("n", String.class, () -> null)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("null");
        }
    }

    @Test
    void contextsCarryTheirParamsAndThePassKernels() {
        Params p = Params.resolve("metric 'm'", List.of(ParamSpec.ofDouble("eps", 1, "x")), java.util.Map.of("eps", "0.5"));
        try (MetricPass pass = MetricPass.over(EMPTY)) {
            MetricContext c = pass.context(p);
            assertThat(c.params().getDouble("eps")).isEqualTo(0.5);
            assertThat(c.kernels()).isEmpty();
            assertThat(c.features()).isSameAs(EMPTY);
        }
    }

    @Test
    void aClosedPassDropsItsValuesAndRefusesWork() {
        MetricPass pass = MetricPass.over(EMPTY);
        MetricContext c = pass.context(NONE);
        c.shared("k", String.class, () -> "v");
        pass.close();
        assertThat(pass.sharedCount()).isZero();
        assertThatThrownBy(c::features).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.shared("k", String.class, () -> "v")).isInstanceOf(IllegalStateException.class);
    }
}
