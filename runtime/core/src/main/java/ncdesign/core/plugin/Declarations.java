package ncdesign.core.plugin;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * Reads a provider's declarations once, at discovery, and checks them: a kebab-case name, a description, parameters
 * with distinct names whose defaults have their declared types and lie in their own ranges. A provider that throws
 * (anything, {@link LinkageError}s included) or declares itself wrongly is left out with one {@link PluginProblem}
 * naming its module and jar, so the mistake is the plugin author's to fix and never surfaces as a user's
 * "parameter must be &gt; 0" at train time.
 */
final class Declarations {
    static final String NAME = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    private Declarations() {
    }

    /** The plugin {@code p} provides, or null (with a problem recorded) when it cannot be used. */
    static PluginInfo read(PluginKind kind, ServiceLoader.Provider<? extends PluginProvider<?>> p, String module, String source,
                           Path location, List<PluginProblem> problems) {
        String where = source.equals("module path") ? module : source + " (module " + module + ")";
        String who = kind.label() + " provider " + p.type().getName();
        try {
            PluginProvider<?> provider = guarded(p::get, "threw while loading");
            String name = guarded(provider::name, "threw from name()");
            String description = guarded(provider::description, "threw from description()");
            List<ParamSpec> params = guarded(provider::parameters, "threw from parameters()");
            if (name == null || !name.matches(NAME)) {
                throw new Bad("declares the name '" + name + "', which is not kebab-case (lower-case letters, digits, single hyphens)");
            }
            if (description == null || description.isBlank()) {
                throw new Bad("'" + name + "' declares no description()");
            }
            Set<String> seen = new HashSet<>();
            for (ParamSpec s : params) {
                if (!seen.add(s.name())) {
                    throw new Bad("'" + name + "' declares the parameter '" + s.name() + "' twice");
                }
            }
            guarded(() -> Params.defaults(kind.label() + " '" + name + "'", params), "'" + name + "' declares defaults its own checks refuse");
            String version = p.type().getModule().isNamed() ? p.type().getModule().getDescriptor().rawVersion().orElse("-") : "-";
            return new PluginInfo(kind, name, description, module, version, source, provider, params, location);
        } catch (Bad e) {
            problems.add(new PluginProblem(where, who + " " + e.getMessage() + "; skipped, other plugins are unaffected"));
            return null;
        }
    }

    private static <T> T guarded(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (Throwable e) { // NOPMD: whatever a plugin throws is reported; VM errors are rethrown
            if (PluginCalls.fatal(e)) {
                throw e;
            }
            throw new Bad(what + ": " + PluginCalls.describe(PluginCalls.rootCause(e)));
        }
    }

    /** A declaration problem, carried to {@link #read}'s one report. */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }
}
