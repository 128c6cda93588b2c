package ncdesign.api.metric;

import java.util.List;
import ncdesign.api.annotation.Stable;

/**
 * A measurement over a cached feature set; it trains nothing.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface Metric {
    /**
     * Computes this metric's values (one metric may report several, e.g. NC2's parts) on {@code context}'s features,
     * with its parameters and kernels; work other metrics of the pass also need goes through
     * {@link MetricContext#shared}.
     */
    List<MetricValue> compute(MetricContext context);
}
