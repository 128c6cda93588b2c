package ncdesign.api.metric;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;

/** Discovered factory of {@link Metric}s. */
public interface MetricProvider extends PluginProvider<Metric> {
    @Override
    default PluginKind kind() {
        return PluginKind.METRIC;
    }
}
