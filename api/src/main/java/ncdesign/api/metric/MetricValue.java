package ncdesign.api.metric;

import ncdesign.api.annotation.Stable;

/**
 * One named measurement.
 *
 * @param name              e.g. {@code erank-inter}
 * @param value             the value
 * @param optimum           the value at the Neural Collapse optimum, or NaN when the metric has none
 * @param percentOfOptimum  how close the value is to the optimum in percent (100 = optimal), or NaN; each metric
 *                          documents how it computes it
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record MetricValue(String name, double value, double optimum, double percentOfOptimum) {

    /** A value without an optimum. */
    public static MetricValue plain(String name, double value) {
        return new MetricValue(name, value, Double.NaN, Double.NaN);
    }
}
