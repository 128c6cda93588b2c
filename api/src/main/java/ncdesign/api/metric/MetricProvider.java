package ncdesign.api.metric;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.annotation.Stable;

/**
 * Discovered factory of {@link Metric}s. The runtime validates the user's values against {@link #parameters()} before
 * any work, and hands them to {@link #create} and, with every computation, in {@link MetricContext#params()}.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface MetricProvider extends PluginProvider<Metric> {
    @Override
    default PluginKind kind() {
        return PluginKind.METRIC;
    }
}
