package ncdesign.core.plugin;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.error.ConfigException;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.metric.MetricProvider;

/**
 * Finds every plugin: providers visible to the runtime (boot module layer, or the class path in unit tests),
 * and providers in modular jars of a plugins folder, which is loaded into a child {@link ModuleLayer} so that a
 * third party only drops a jar there.
 *
 * <p>Failures stay local: a jar that is not a module, a module that does not resolve, or a provider that throws
 * while being created is recorded as a {@link PluginProblem} and the others keep working. Two providers of the
 * same kind and name are a conflict: asking for that name fails with both modules named.
 */
public final class PluginRegistry {
    private static final Map<PluginKind, Class<? extends PluginProvider<?>>> SERVICES = Map.of(
            PluginKind.LOSS, LossProvider.class,
            PluginKind.BACKBONE, BackboneProvider.class,
            PluginKind.METRIC, MetricProvider.class,
            PluginKind.EVALUATOR, EvaluatorProvider.class,
            PluginKind.HEAD, HeadProvider.class);

    private final Map<PluginKind, Map<String, List<PluginInfo>>> byKind = new LinkedHashMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    /** File names of plugin-folder jars that were skipped, for hints when a plugin is not found. */
    private final List<String> skipped = new ArrayList<>();
    /** The plugins folder that was scanned, or null. */
    private Path folder;

    private PluginRegistry() {
        for (PluginKind k : PluginKind.values()) {
            byKind.put(k, new LinkedHashMap<>());
        }
    }

    /**
     * Discovers plugins visible to the runtime and, when {@code pluginsDir} exists, those in its jars.
     *
     * @param pluginsDir folder of plugin jars, or null
     */
    public static PluginRegistry discover(Path pluginsDir) {
        PluginRegistry r = new PluginRegistry();
        for (PluginKind kind : PluginKind.values()) {
            r.collect(kind, ServiceLoader.load(SERVICES.get(kind), PluginRegistry.class.getClassLoader()), null, Map.of());
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            r.folder = pluginsDir.toAbsolutePath().normalize();
            r.loadFolder(pluginsDir);
        }
        return r;
    }

    private void loadFolder(Path dir) {
        int at = problems.size();
        PluginFolder scan = PluginFolder.scan(dir);
        List<PluginFolder.Jar> loaded = new ArrayList<>();
        if (!scan.plugins.isEmpty()) {
            // Resolve all jars together (they may depend on each other); if that fails, resolve each alone so one
            // broken jar does not hide the others.
            ModuleLayer layer = defineLayer(scan.plugins, scan.libraries, false);
            if (layer != null) {
                collectLayer(layer, scan.plugins);
                loaded.addAll(scan.plugins);
            } else {
                for (PluginFolder.Jar jar : scan.plugins) {
                    ModuleLayer single = defineLayer(List.of(jar), scan.libraries, true);
                    if (single != null) {
                        collectLayer(single, List.of(jar));
                        loaded.add(jar);
                    } else {
                        skipped.add(jar.file());
                    }
                }
            }
        }
        scan.reportUnusedLibraries(loaded);
        problems.addAll(at, scan.problems);
        skipped.addAll(scan.skipped);
    }

    private ModuleLayer defineLayer(List<PluginFolder.Jar> jars, List<PluginFolder.Jar> libraries, boolean report) {
        List<Path> paths = new ArrayList<>();
        jars.forEach(j -> paths.add(j.path()));
        libraries.forEach(j -> paths.add(j.path()));
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Set<String> roots = jars.stream().map(j -> j.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer parent = ModuleLayer.boot();
        try {
            Configuration cf = parent.configuration().resolve(finder, ModuleFinder.of(), roots);
            return parent.defineModulesWithOneLoader(cf, PluginRegistry.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            if (report) {
                problems.add(new PluginProblem(jars.get(0).file(), "module " + jars.get(0).descriptor().name()
                        + " does not resolve: " + oneLine(e) + "; put the modules it requires into the plugins folder; skipped"));
            }
            return null;
        } catch (RuntimeException e) {
            if (report) {
                problems.add(new PluginProblem(jars.get(0).file(), "cannot load module: " + oneLine(e) + "; skipped"));
            }
            return null;
        }
    }

    private void collectLayer(ModuleLayer layer, List<PluginFolder.Jar> jars) {
        Map<String, Path> jarOfModule = new LinkedHashMap<>();
        for (PluginFolder.Jar jar : jars) {
            jarOfModule.put(jar.descriptor().name(), jar.path());
        }
        for (PluginKind kind : PluginKind.values()) {
            collect(kind, ServiceLoader.load(layer, SERVICES.get(kind)), layer, jarOfModule);
        }
    }

    /**
     * Loads the providers a service loader finds. {@code only}: the plugins folder's layer (providers found through
     * the parent layer, and those of automatic modules, are left out), or null for the module path.
     */
    private void collect(PluginKind kind, ServiceLoader<? extends PluginProvider<?>> loader, ModuleLayer only,
                         Map<String, Path> jarOfModule) {
        Iterator<? extends ServiceLoader.Provider<? extends PluginProvider<?>>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<? extends PluginProvider<?>> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new PluginProblem("?", kind.label() + " provider failed to load: " + oneLine(e)));
                continue;
            }
            Module module = p.type().getModule();
            if (only != null && (module.getLayer() != only || module.getDescriptor().isAutomatic())) {
                continue; // found again through the parent layer, or a library jar's services
            }
            String moduleName = module.isNamed() ? module.getName() : "(class path)";
            Path location = only != null ? jarOfModule.get(moduleName) : location(module);
            String src = only == null ? "module path" : location == null ? "plugins folder" : location.getFileName().toString();
            PluginInfo info = Declarations.read(kind, p, moduleName, src, location, problems);
            if (info == null) {
                continue;
            }
            List<PluginInfo> same = byKind.get(kind).computeIfAbsent(info.name(), n -> new ArrayList<>());
            if (same.stream().noneMatch(i -> i.provider().getClass() == info.provider().getClass())) {
                same.add(info);
            }
        }
    }

    private static Path location(Module module) {
        if (!module.isNamed() || module.getLayer() == null) {
            return null;
        }
        return module.getLayer().configuration().findModule(module.getName())
                .flatMap(m -> m.reference().location()).filter(u -> u.getScheme().equals("file")).map(Path::of).orElse(null);
    }

    /** Every plugin of a kind, sorted by name (conflicting entries included). */
    public List<PluginInfo> list(PluginKind kind) {
        return byKind.get(kind).values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(PluginInfo::name).thenComparing(PluginInfo::module))
                .collect(Collectors.toList());
    }

    /** Names of the plugins of a kind. */
    public Set<String> names(PluginKind kind) {
        return new TreeSet<>(byKind.get(kind).keySet());
    }

    /** The plugins folder that was scanned (absolute), or null when none was given or it does not exist. */
    public Path folder() {
        return folder;
    }

    /** Load failures and name conflicts. */
    public List<PluginProblem> problems() {
        List<PluginProblem> all = new ArrayList<>(problems);
        for (Map<String, List<PluginInfo>> m : byKind.values()) {
            for (List<PluginInfo> l : m.values()) {
                if (l.size() > 1) {
                    all.add(new PluginProblem(l.get(0).name(), conflict(l)));
                }
            }
        }
        return all;
    }

    /**
     * The plugin of this kind and name.
     *
     * @throws ncdesign.api.error.ConfigException listing the known names when unknown; {@link PluginException} naming both modules on a conflict
     */
    public PluginInfo get(PluginKind kind, String name) {
        List<PluginInfo> l = byKind.get(kind).get(name);
        if (l == null || l.isEmpty()) {
            StringBuilder msg = new StringBuilder("unknown " + kind.label() + " '" + name + "'; known: "
                    + String.join(", ", names(kind)));
            problems.stream().filter(p -> p.message().contains(kind.label())).findFirst()
                    .ifPresent(p -> msg.append(" (a ").append(kind.label()).append(" in ").append(p.source())
                            .append(" failed to load: run 'ncd plugins')"));
            if (!skipped.isEmpty()) {
                List<String> jars = skipped.stream().distinct().toList();
                msg.append("; ").append(jars.size()).append(jars.size() == 1 ? " jar" : " jars").append(" of ").append(folder)
                        .append(" skipped (").append(String.join(", ", jars)).append("): run 'ncd plugins' to see why");
            }
            throw new ConfigException(msg.toString());
        }
        if (l.size() > 1) {
            throw new PluginException(conflict(l));
        }
        return l.get(0);
    }

    /** Typed lookup. */
    @SuppressWarnings("unchecked")
    public <P extends PluginProvider<?>> P provider(PluginKind kind, String name, Class<P> type) {
        return (P) get(kind, name).provider();
    }

    private static String conflict(List<PluginInfo> l) {
        return "two " + l.get(0).kind().label() + " plugins are named '" + l.get(0).name() + "': module "
                + l.stream().map(i -> i.module() + " (" + i.source() + ")").collect(Collectors.joining(" and module "))
                + "; remove one of them from the plugins folder";
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ');
    }
}
