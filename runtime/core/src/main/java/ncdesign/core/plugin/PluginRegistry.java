package ncdesign.core.plugin;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
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
import java.util.stream.Stream;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.error.ConfigException;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.metric.MetricProvider;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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
    private static final Logger LOG = LogManager.getLogger(PluginRegistry.class);
    private static final Map<PluginKind, Class<? extends PluginProvider<?>>> SERVICES = Map.of(
            PluginKind.LOSS, LossProvider.class,
            PluginKind.BACKBONE, BackboneProvider.class,
            PluginKind.METRIC, MetricProvider.class,
            PluginKind.EVALUATOR, EvaluatorProvider.class,
            PluginKind.HEAD, HeadProvider.class);

    private final Map<PluginKind, Map<String, List<PluginInfo>>> byKind = new LinkedHashMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();

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
            r.collect(kind, ServiceLoader.load(SERVICES.get(kind), PluginRegistry.class.getClassLoader()), null, "module path");
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            r.loadFolder(pluginsDir);
        }
        return r;
    }

    private void loadFolder(Path dir) {
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            problems.add(new PluginProblem(dir.toString(), "cannot list plugins folder: " + e.getMessage()));
            return;
        }
        List<Path> modular = new ArrayList<>();
        for (Path jar : jars) {
            try {
                Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
                if (refs.isEmpty()) {
                    problems.add(new PluginProblem(jar.getFileName().toString(), "not a readable jar"));
                } else if (refs.iterator().next().descriptor().isAutomatic()) {
                    problems.add(new PluginProblem(jar.getFileName().toString(),
                            "not a module (no module-info.class): a plugin jar must declare its module and "
                                    + "'provides ncdesign.api.<kind>.<Kind>Provider with ...'; skipped"));
                } else {
                    modular.add(jar);
                }
            } catch (FindException e) {
                problems.add(new PluginProblem(jar.getFileName().toString(), "unreadable module: " + oneLine(e)));
            }
        }
        if (modular.isEmpty()) {
            return;
        }
        // Resolve all jars together (they may depend on each other); if that fails, resolve each alone so one
        // broken jar does not hide the others.
        ModuleLayer layer = defineLayer(modular);
        if (layer != null) {
            collectLayer(layer, modular);
            return;
        }
        for (Path jar : modular) {
            ModuleLayer single = defineLayer(List.of(jar));
            if (single != null) {
                collectLayer(single, List.of(jar));
            }
        }
    }

    private ModuleLayer defineLayer(List<Path> jars) {
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> roots = finder.findAll().stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer parent = ModuleLayer.boot();
        try {
            Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            return parent.defineModulesWithOneLoader(cf, PluginRegistry.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            if (jars.size() == 1) {
                problems.add(new PluginProblem(jars.get(0).getFileName().toString(),
                        "module does not resolve: " + oneLine(e) + "; is a module it requires missing from the plugins folder?"));
            }
            return null;
        } catch (RuntimeException e) {
            if (jars.size() == 1) {
                problems.add(new PluginProblem(jars.get(0).getFileName().toString(), "cannot load module: " + oneLine(e)));
            }
            return null;
        }
    }

    private void collectLayer(ModuleLayer layer, List<Path> jars) {
        Map<String, String> jarOfModule = new LinkedHashMap<>();
        for (Path jar : jars) {
            for (ModuleReference ref : ModuleFinder.of(jar).findAll()) {
                jarOfModule.put(ref.descriptor().name(), jar.getFileName().toString());
            }
        }
        for (PluginKind kind : PluginKind.values()) {
            collect(kind, ServiceLoader.load(layer, SERVICES.get(kind)), layer, null, jarOfModule);
        }
    }

    private void collect(PluginKind kind, ServiceLoader<? extends PluginProvider<?>> loader, ModuleLayer only, String source) {
        collect(kind, loader, only, source, Map.of());
    }

    private void collect(PluginKind kind, ServiceLoader<? extends PluginProvider<?>> loader, ModuleLayer only,
                         String source, Map<String, String> jarOfModule) {
        Iterator<? extends ServiceLoader.Provider<? extends PluginProvider<?>>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<? extends PluginProvider<?>> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(new PluginProblem("?", kind.label() + " provider failed to load: " + oneLine(e)));
                continue;
            }
            Module module = p.type().getModule();
            if (only != null && module.getLayer() != only) {
                continue; // found again through the parent layer
            }
            String moduleName = module.isNamed() ? module.getName() : "(class path)";
            String src = source != null ? source : jarOfModule.getOrDefault(moduleName, "plugins folder");
            PluginProvider<?> provider;
            try {
                provider = p.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(moduleName, kind.label() + " provider " + p.type().getName()
                        + " threw while loading: " + oneLine(rootCause(e)) + "; other plugins are unaffected"));
                continue;
            }
            String name;
            String description;
            try {
                name = provider.name();
                description = provider.description();
            } catch (RuntimeException e) {
                problems.add(new PluginProblem(moduleName, kind.label() + " provider " + p.type().getName()
                        + " threw from name()/description(): " + oneLine(e)));
                continue;
            }
            String version = module.isNamed()
                    ? module.getDescriptor().rawVersion().orElse("-")
                    : "-";
            PluginInfo info = new PluginInfo(kind, name, description, moduleName, version, src, provider);
            List<PluginInfo> same = byKind.get(kind).computeIfAbsent(name, n -> new ArrayList<>());
            if (same.stream().noneMatch(i -> i.provider().getClass() == provider.getClass())) {
                same.add(info);
            }
        }
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

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ');
    }
}
