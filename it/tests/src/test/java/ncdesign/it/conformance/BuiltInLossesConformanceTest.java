package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import ncdesign.api.loss.LossProvider;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Plugins;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** Every built-in loss (NONL with both kinds of negatives) passes the loss conformance kit. */
@Tag("slow")
class BuiltInLossesConformanceTest {
    static DynamicContainer kit(String name, Map<String, ?> params) {
        return new LossConformance() {
            @Override
            protected LossProvider provider() {
                return Plugins.provider(LossProvider.class, name);
            }

            @Override
            protected Map<String, ?> params() {
                return params;
            }
        }.checks(name + (params.isEmpty() ? "" : " " + params));
    }

    @TestFactory
    Stream<DynamicContainer> everyBuiltInLoss() {
        return Stream.concat(Stream.of("ce", "normface", "ntce", "nonl", "scl", "prototype", "etf-dr", "cosface", "arcface")
                .map(n -> kit(n, Map.of())), Stream.of(kit("nonl", Map.of("negatives", "classes"))));
    }
}
