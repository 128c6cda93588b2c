package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import ncdesign.api.loss.LossProvider;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Plugins;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * CE, ETF+DR, the margin losses and SCL pass the loss conformance kit; {@link BuiltInNormalisedLossesConformanceTest}
 * checks the others (two classes, so that the slow tier's two forks share them).
 */
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
    Stream<DynamicContainer> classifierLosses() {
        return Stream.of("ce", "etf-dr", "cosface", "arcface", "scl").map(n -> kit(n, Map.of()));
    }
}
