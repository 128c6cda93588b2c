package ncdesign.core.plugin;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import ncdesign.api.PluginProvider;

/**
 * The SPI's compatibility rule. Every ncdesign module is compiled with its version ({@code --module-version}), and
 * javac records in a plugin's module descriptor the version of {@code ncdesign.api} it was compiled against. A plugin
 * loads when that version has the runtime api's major version and a minor version not newer than the runtime's:
 * the api only ever adds ({@code default} methods, new types) within a major version, so a plugin built against
 * 1.2 runs on 1.2 and 1.5, and one built against 1.6 may call what 1.5 lacks. Patch levels and qualifiers
 * ({@code -SNAPSHOT}) are ignored.
 */
public final class ApiVersion {
    static final String API_MODULE = "ncdesign.api";

    private ApiVersion() {
    }

    /** The version of the api module the runtime runs with, or empty when it has none (class-path tests). */
    public static Optional<String> runtime() {
        Module api = PluginProvider.class.getModule();
        return api.isNamed() ? api.getDescriptor().rawVersion() : Optional.empty();
    }

    /** The api version a module was compiled against, or empty when it does not require the api or javac recorded none. */
    public static Optional<String> compiledAgainst(ModuleDescriptor d) {
        return d.requires().stream().filter(r -> r.name().equals(API_MODULE)).findFirst()
                .flatMap(ModuleDescriptor.Requires::rawCompiledVersion);
    }

    /**
     * Why a plugin compiled against {@code plugin} cannot run on {@code runtime}, or empty when it can.
     *
     * @param plugin  e.g. {@code 1.2.0}
     * @param runtime e.g. {@code 1.5.1-SNAPSHOT}
     */
    public static Optional<String> incompatibility(String plugin, String runtime) {
        int[] p = majorMinor(plugin);
        int[] r = majorMinor(runtime);
        if (p == null || r == null) {
            return Optional.empty(); // not a version this rule can read: let it load, the call guards still apply
        }
        if (p[0] != r[0]) {
            return Optional.of("another major version of the api");
        }
        if (p[1] > r[1]) {
            return Optional.of("a newer api than this runtime's");
        }
        return Optional.empty();
    }

    private static int[] majorMinor(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:\\.(\\d+))?.*").matcher(v);
        if (!m.matches()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))};
    }
}
