package ncdesign.it.conformance;

import java.util.ServiceLoader;
import java.util.stream.Stream;
import ncdesign.api.metric.MetricProvider;
import ncdesign.testkit.MetricConformance;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/** Every metric the runtime discovers passes the metric conformance kit. */
class BuiltInMetricsConformanceTest {
    @TestFactory
    Stream<DynamicContainer> everyDiscoveredMetric() {
        return ServiceLoader.load(MetricProvider.class).stream().map(ServiceLoader.Provider::get).map(p -> new MetricConformance() {
            @Override
            protected MetricProvider provider() {
                return p;
            }
        }.checks("metric " + p.name()));
    }
}
