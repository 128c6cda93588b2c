package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** NormFace, NTCE, NONL (both kinds of negatives) and the prototype loss pass the loss conformance kit. */
@Tag("slow")
class BuiltInNormalisedLossesConformanceTest {
    @TestFactory
    Stream<DynamicContainer> normalisedLosses() {
        return Stream.of(BuiltInLossesConformanceTest.kit("normface", Map.of()), BuiltInLossesConformanceTest.kit("ntce", Map.of()),
                BuiltInLossesConformanceTest.kit("nonl", Map.of()), BuiltInLossesConformanceTest.kit("nonl", Map.of("negatives", "classes")),
                BuiltInLossesConformanceTest.kit("prototype", Map.of()));
    }
}
