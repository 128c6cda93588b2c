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
        Map<String, Params> params = resolveParams(reg, PluginKind.METRIC, "metrics", "is not computed here", selected, raw,
                PluginInfo::parameters);
        List<Entry> out = new ArrayList<>();
        for (PluginInfo p : selected) {
            out.add(new Entry(p, params.get(p.name())));
        }
        return new MetricPlan(out);
    }

    /**
     * Validates the parameters given by plugin name ({@code raw}: name → key → value) against the {@code selected}
     * plugins of one kind, before any work: a name that is unknown, or known but not selected (option
     * {@code --<option>}), a key the plugin does not declare and a value out of range are refused naming them.
     *
     * @param reg     the registry, to tell an unknown plugin from one that is not selected (may be null)
     * @param notHere what an unselected plugin is, in the message ("is not computed here")
     * @return every selected plugin's parameters, defaults filled in, by name
     */
    static Map<String, Params> resolveParams(PluginRegistry reg, PluginKind kind, String option, String notHere,
                                             List<PluginInfo> selected, Map<String, ? extends Map<String, ?>> raw,
                                             java.util.function.Function<PluginInfo, List<ncdesign.api.param.ParamSpec>> specs) {
        Map<String, PluginInfo> byName = new LinkedHashMap<>();
        for (PluginInfo p : selected) {
            byName.put(p.name(), p);
        }
        for (String name : raw.keySet()) {
            if (!byName.containsKey(name)) {
                if (reg != null) {
                    reg.get(kind, name); // unknown: the registry's message lists the known ones
                }
                throw new ConfigException("parameters were given for " + kind.label() + " '" + name + "', which " + notHere + " ("
                        + option + ": " + (byName.isEmpty() ? "none" : String.join(",", byName.keySet())) + "); add it to --"
                        + option + " or drop its parameters");
            }
        }
        Map<String, Params> out = new LinkedHashMap<>();
        for (PluginInfo p : selected) {
            Map<String, ?> given = raw.get(p.name());
            out.put(p.name(), Params.resolve(kind.label() + " '" + p.name() + "'", specs.apply(p), given == null ? Map.of() : given));
        }
        return out;
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
