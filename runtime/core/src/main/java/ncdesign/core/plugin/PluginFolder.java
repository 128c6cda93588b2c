package ncdesign.core.plugin;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ncdesign.api.PluginProvider;

/**
 * What a plugins folder holds, sorted before anything is resolved: plugin modules to load, library jars (not
 * modules) that plugins may require as automatic modules, and the jars that are skipped, each with one line
 * saying why (not a jar, not a module but providing plugins, the same module in two jars, the SDK's own classes
 * bundled, compiled against an incompatible api).
 */
final class PluginFolder {
    /** A jar of the folder and its module. */
    record Jar(Path path, ModuleDescriptor descriptor) {
        String file() {
            return path.getFileName().toString();
        }
    }

    final List<Jar> plugins = new ArrayList<>();
    final List<Jar> libraries = new ArrayList<>();
    final List<PluginProblem> problems = new ArrayList<>();
    /** File names of the jars skipped, for "unknown loss" hints. */
    final List<String> skipped = new ArrayList<>();

    private PluginFolder() {
    }

    static PluginFolder scan(Path dir) {
        PluginFolder f = new PluginFolder();
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            f.problems.add(new PluginProblem(dir.toString(), "cannot list plugins folder: " + PluginRegistry.oneLine(e)));
            return f;
        }
        Map<String, List<Jar>> byModule = new LinkedHashMap<>();
        for (Path jar : jars) {
            Optional<Jar> j = f.read(jar);
            j.ifPresent(x -> byModule.computeIfAbsent(x.descriptor().name(), n -> new ArrayList<>()).add(x));
        }
        Optional<String> runtimeApi = ApiVersion.runtime();
        Set<String> apiPackages = PluginProvider.class.getModule().getPackages();
        for (List<Jar> same : byModule.values()) {
            if (same.size() > 1) {
                f.skip(same.get(0).file(), "module " + same.get(0).descriptor().name() + " is in " + same.size() + " jars: "
                        + same.stream().map(j -> j.file() + " (version " + j.descriptor().rawVersion().orElse("none") + ")")
                                .collect(Collectors.joining(", "))
                        + "; keep one of them in the plugins folder; all skipped", same.stream().map(Jar::file).toList());
                continue;
            }
            Jar j = same.get(0);
            if (j.descriptor().isAutomatic()) {
                f.libraries.add(j);
                continue;
            }
            Optional<String> bundled = j.descriptor().packages().stream().filter(apiPackages::contains).sorted().findFirst();
            Optional<String> compiled = ApiVersion.compiledAgainst(j.descriptor());
            Optional<String> clash = compiled.flatMap(c -> runtimeApi.flatMap(r -> ApiVersion.incompatibility(c, r)));
            if (bundled.isPresent()) {
                f.skip(j.file(), "module " + j.descriptor().name() + " bundles the SDK's own classes (package " + bundled.get()
                        + "); build it with ncdesign-api at <scope>provided</scope> so that it uses the runtime's; skipped", List.of(j.file()));
            } else if (clash.isPresent()) {
                f.skip(j.file(), "module " + j.descriptor().name() + " " + j.descriptor().rawVersion().orElse("")
                        + " was compiled against ncdesign.api " + compiled.get() + ", " + clash.get() + " (this runtime has "
                        + runtimeApi.get() + "); rebuild it against ncdesign-api " + runtimeApi.get() + "; skipped", List.of(j.file()));
            } else {
                f.plugins.add(j);
            }
        }
        return f;
    }

    private Optional<Jar> read(Path jar) {
        String file = jar.getFileName().toString();
        try {
            Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
            if (refs.isEmpty()) {
                skip(file, "not a readable jar; skipped", List.of(file));
                return Optional.empty();
            }
            return Optional.of(new Jar(jar, refs.iterator().next().descriptor()));
        } catch (FindException e) {
            skip(file, "unreadable module: " + PluginRegistry.oneLine(e) + "; skipped", List.of(file));
            return Optional.empty();
        }
    }

    private void skip(String source, String message, List<String> files) {
        problems.add(new PluginProblem(source, message));
        skipped.addAll(files);
    }

    /** Reports library jars that are not modules and that no plugin module requires. */
    void reportUnusedLibraries(List<Jar> loaded) {
        Set<String> required = loaded.stream().flatMap(j -> j.descriptor().requires().stream())
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        for (Jar lib : libraries) {
            if (!required.contains(lib.descriptor().name())) {
                skip(lib.file(), "not a module (no module-info.class) and no plugin module requires it (as '"
                        + lib.descriptor().name() + "'): a plugin jar must declare its module and "
                        + "'provides ncdesign.api.<kind>.<Kind>Provider with ...'; skipped", List.of(lib.file()));
            }
        }
    }
}
