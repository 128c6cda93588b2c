package ncdesign.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginKind;
import ncdesign.api.error.ConfigException;
import ncdesign.api.param.Params;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginRegistry;

/**
 * The metrics a run or command computes, each with its parameters validated against its provider
 * ({@code --metric-param NAME.KEY=VALUE}, or {@code metric-params} in a configuration file). Resolved before any
 * work, so a bad name, key or value stops the command before a run folder exists.
 */
public final class MetricPlan {
    /** One selected metric and its parameters. */
    public record Entry(PluginInfo info, Params params) {
    }

    private final List<Entry> entries;
    private final java.util.Set<String> notices = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private MetricPlan(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@code selected} with default parameters. */
    public static MetricPlan of(List<PluginInfo> selected) {
        return resolve(null, selected, Map.of());
    }

    /**
     * {@code selected} with the user's parameters {@code raw} (metric name → key → value, strings or config values).
     *
     * @param reg the registry, to tell an unknown metric from one that is not selected (may be null)
     * @throws ncdesign.api.error.ConfigException naming the metric and, for a bad key or value, the key
     */
    public static MetricPlan resolve(PluginRegistry reg, List<PluginInfo> selected, Map<String, ? extends Map<String, ?>> raw) {
        Map<String, PluginInfo> byName = new LinkedHashMap<>();
        for (PluginInfo p : selected) {
            byName.put(p.name(), p);
        }
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                if (reg != null) {
                    reg.get(PluginKind.METRIC, name); // unknown metric: the registry's message lists the known ones
                }
                throw new ConfigException("parameters were given for metric '" + name + "', which is not computed here (metrics: "
                        + (byName.isEmpty() ? "none" : String.join(",", byName.keySet())) + "); add it to --metrics or drop its parameters");
            }
        }
        List<Entry> out = new ArrayList<>();
        for (PluginInfo p : selected) {
            Map<String, ?> given = raw.get(p.name());
            out.add(new Entry(p, Params.resolve("metric '" + p.name() + "'", p.parameters(), given == null ? Map.of() : given)));
        }
        return new MetricPlan(out);
    }

    /** The metrics, in order, with their parameters. */
    public List<Entry> entries() {
        return entries;
    }

    /** Whether no metric is selected. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Whether {@code notice} is said for the first time with this plan: a run measures with one plan many times (the
     * trajectory's points, the end), and a metric skipped for the same reason each time is worth one warning.
     */
    boolean firstTime(String notice) {
        return notices.add(notice);
    }

    /** How many metrics are selected. */
    public int size() {
        return entries.size();
    }
}
