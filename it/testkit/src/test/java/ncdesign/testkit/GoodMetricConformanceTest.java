package ncdesign.testkit;

import ncdesign.api.metric.MetricProvider;

/** The unbroken test metric passes every check of the metric kit, run by JUnit as a plugin author's test is. */
class GoodMetricConformanceTest extends MetricConformance {
    @Override
    protected MetricProvider provider() {
        return new TestMetric(null);
    }
}
