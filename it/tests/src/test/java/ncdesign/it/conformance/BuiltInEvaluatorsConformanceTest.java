package ncdesign.it.conformance;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.testkit.EvaluatorConformance;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * Every evaluator the runtime discovers passes the evaluator conformance kit over cached features (probes trained for
 * 2 epochs); {@code robustness} and {@code transfer} encode images of their own and must refuse a context without
 * the encoder in one line.
 */
class BuiltInEvaluatorsConformanceTest {
    static final Set<String> NEED_ENCODER = Set.of("robustness", "transfer");
    static final Map<String, Map<String, ?>> PARAMS = Map.of(
            "linear-probe", Map.of("epochs", 2, "batch", 16),
            "linear-probe-cached", Map.of("epochs", 2, "batch", 16),
            "normalized-probe", Map.of("epochs", 2, "batch", 16),
            "transfer", Map.of("dataset", "synthetic"));

    static DynamicContainer kit(EvaluatorProvider p, Map<String, ?> params) {
        return new EvaluatorConformance() {
            @Override
            protected EvaluatorProvider provider() {
                return p;
            }

            @Override
            protected Map<String, ?> params() {
                return params;
            }

            @Override
            protected boolean needsEncoder() {
                return NEED_ENCODER.contains(p.name());
            }
        }.checks("evaluator " + p.name() + (params.isEmpty() ? "" : " " + params));
    }

    @TestFactory
    Stream<DynamicContainer> everyDiscoveredEvaluator() {
        return Stream.concat(ServiceLoader.load(EvaluatorProvider.class).stream().map(ServiceLoader.Provider::get)
                        .map(p -> kit(p, PARAMS.getOrDefault(p.name(), Map.of()))),
                ServiceLoader.load(EvaluatorProvider.class).stream().map(ServiceLoader.Provider::get)
                        .filter(p -> p.name().equals("fixed-prototypes")).map(p -> kit(p, Map.of("variant", "ema", "batch", 8))));
    }
}
