package ncdesign.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.param.ParamSpec;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.config.TrainOptions;
import ncdesign.core.plugin.PluginInfo;

/**
 * The metrics and evaluators that failed at the end of a run. Each is skipped so the others still give their
 * results, and listed in summary.json ({@code failed}); one that the user asked for by name ({@code --metrics},
 * {@code --evaluators} other than {@code all} and the default) then makes the command fail, after the run folder
 * is complete.
 */
final class Failures {
    /** One failed plugin: what it is and its one-line problem. */
    record Failure(PluginInfo plugin, String problem) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", plugin.kind().label());
            m.put("name", plugin.name());
            m.put("module", plugin.module());
            m.put("error", problem);
            return m;
        }
    }

    /** A collector that keeps nothing, for callers that only log failures. */
    static final Failures NONE = new Failures(false);

    private final List<Failure> all = new ArrayList<>();
    private final boolean keep;

    Failures() {
        this(true);
    }

    private Failures(boolean keep) {
        this.keep = keep;
    }

    /** Records that {@code plugin} failed with {@code problem}. */
    void add(PluginInfo plugin, String problem) {
        if (keep && all.stream().noneMatch(f -> f.plugin().kind() == plugin.kind() && f.plugin().name().equals(plugin.name()))) {
            // once, though a metric runs for every saved classifier too
            all.add(new Failure(plugin, problem));
        }
    }

    List<Failure> all() {
        return List.copyOf(all);
    }

    /** The failures as summary.json lists them. */
    List<Object> json() {
        return all.stream().map(f -> (Object) f.json()).toList();
    }

    /**
     * Throws when a plugin the user asked for by name failed: in {@code cfg}'s {@code metrics} or {@code evaluators}
     * list, given as names (not {@code all}, not the default).
     */
    void throwIfRequested(TrainConfig cfg, java.nio.file.Path runDir) {
        List<Failure> requested = all.stream().filter(f -> named(cfg, f.plugin())).toList();
        if (requested.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (Failure f : requested) {
            String who = f.plugin().kind().label() + " '" + f.plugin().name() + "'";
            String problem = strip(strip(strip(f.problem(), who + " "), "(module " + f.plugin().module() + ") "), "failed: ");
            b.append(b.length() == 0 ? "" : "; ").append(who).append(" (module ").append(f.plugin().module()).append(") failed: ")
                    .append(problem);
        }
        throw new PluginException(b + " (the run in " + runDir + " is complete otherwise; its summary.json lists what failed)");
    }

    /** {@code s} without the leading {@code prefix} (a plugin's message that already names it). */
    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static boolean named(TrainConfig cfg, PluginInfo p) {
        String key = switch (p.kind()) {
            case METRIC -> "metrics";
            case EVALUATOR -> "evaluators";
            default -> null;
        };
        if (key == null) {
            return false;
        }
        List<String> given = cfg.list(key);
        Object def = TrainOptions.SPECS.stream().filter(s -> s.name().equals(key)).map(ParamSpec::defaultValue).findFirst().orElse("");
        return !given.equals(List.of("all")) && !String.join(",", given).equals(String.valueOf(def)) && given.contains(p.name());
    }
}
