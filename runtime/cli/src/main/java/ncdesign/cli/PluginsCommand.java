package ncdesign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.param.ParamSpec;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginProblem;
import ncdesign.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd plugins}: every plugin with kind, name, module, version, description and hyper-parameters. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every discovered plugin (module path and plugins folder) with its hyper-parameters.")
final class PluginsCommand implements Callable<Integer> {

    @Option(names = "--plugins", defaultValue = "plugins", description = "folder of third-party plugin jars (default: ${DEFAULT-VALUE})")
    Path plugins;

    @Option(names = "--kind", description = "only this kind: loss, backbone, metric, evaluator")
    String kind;

    @Option(names = "--strict", description = "exit with status 2 when any plugin or jar has a problem (for CI jobs)")
    boolean strict;

    @Override
    public Integer call() {
        PluginRegistry reg = PluginRegistry.discover(plugins);
        System.out.printf(Locale.ROOT, "%-10s %-22s %-20s %-16s %s%n", "KIND", "NAME", "MODULE", "VERSION", "DESCRIPTION");
        for (PluginKind k : PluginKind.values()) {
            if (kind != null && !k.label().equals(kind)) {
                continue;
            }
            for (PluginInfo p : reg.list(k)) {
                System.out.printf(Locale.ROOT, "%-10s %-22s %-20s %-16s %s%n", k.label(), p.name(), p.module(), p.version(), p.description());
                for (ParamSpec s : p.parameters()) {
                    String c = s.constraint();
                    String flag = k == PluginKind.LOSS || k == PluginKind.BACKBONE ? "--" + k.label() + "-param " : "param ";
                    System.out.printf(Locale.ROOT, "%-10s   %s%s=%s  (%s%s) %s%n", "", flag, s.name(), fmt(s.defaultValue()),
                            s.type().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.isEmpty() ? "" : ", " + c, s.description());
                }
            }
        }
        System.out.println();
        System.out.println("Scanned: the module path (built-in plugins) and "
                + (reg.folder() != null ? "the plugins folder " + reg.folder()
                        : "no plugins folder (" + plugins.toAbsolutePath().normalize() + " does not exist; --plugins DIR names another)"));
        List<PluginProblem> problems = reg.problems();
        if (!problems.isEmpty()) {
            System.err.println();
            System.err.println("Problems (the plugins above are unaffected):");
            for (PluginProblem p : problems) {
                System.err.println("  " + p.source() + ": " + p.message());
            }
            if (strict) {
                throw new PluginException(problems.size() + (problems.size() == 1 ? " plugin problem" : " plugin problems")
                        + " (listed above) and --strict was given");
            }
        }
        return 0;
    }

    private static String fmt(Object v) {
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
