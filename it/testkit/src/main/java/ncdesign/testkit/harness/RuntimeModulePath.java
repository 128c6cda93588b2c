package ncdesign.testkit.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The runtime's module path and the launcher's JVM options, as {@code ncd} has them: {@code runtime/cli/target/mods}
 * there; here the jars of the test's class path (or module path) that the runtime resolves to. Resolving
 * {@code ncdesign.cli} with service binding (as the boot layer does) picks the runtime modules, the built-in plugins
 * and TensorFlow's native library, and leaves JUnit, the testkit and the plugin under test out.
 */
public final class RuntimeModulePath {
    /** The main module and class, as {@code ncd} launches them. */
    public static final String MAIN = "ncdesign.cli/ncdesign.cli.Main";
    /** Where the ncdesign-cli jar keeps a copy of {@code runtime/cli/src/main/launcher/ncd.args}. */
    public static final String ARGS_RESOURCE = "META-INF/ncdesign/ncd.args";
    private static final String CLI = "ncdesign.cli";

    private final List<Path> entries;
    private final Path cli;

    private RuntimeModulePath(List<Path> entries, Path cli) {
        this.entries = List.copyOf(entries);
        this.cli = cli;
    }

    /** The {@code -p} entries (jars, exploded modules or folders of jars). */
    public List<Path> entries() {
        return entries;
    }

    /** The entries joined for {@code -p}. */
    public String joined() {
        return String.join(File.pathSeparator, entries.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /**
     * An explicit module path, as {@code ncd} passes it: e.g. {@code runtime/cli/target/mods} and
     * {@code runtime/cli/target/ncdesign-cli.jar}.
     */
    public static RuntimeModulePath of(List<Path> entries) {
        ModuleFinder f = ModuleFinder.of(entries.toArray(Path[]::new));
        Optional<ModuleReference> cli;
        try {
            cli = f.find(CLI);
        } catch (FindException e) {
            throw new AssertionError("the runtime module path " + entries + " is not a valid module path: " + e.getMessage(), e);
        }
        return new RuntimeModulePath(entries, cli.map(RuntimeModulePath::location).orElseThrow(() -> new AssertionError(
                "the runtime module path " + entries + " holds no module " + CLI + " (the ncdesign-cli jar)")));
    }

    /**
     * The runtime found among the test JVM's class path and module path, without the modules in {@code exclude}
     * (the plugin under test, which must come from the plugins folder only).
     */
    public static RuntimeModulePath fromTestPath(Set<String> exclude) {
        Map<String, ModuleReference> found = new LinkedHashMap<>();
        for (Path p : testPathEntries()) {
            moduleAt(p).filter(r -> !exclude.contains(r.descriptor().name()))
                    .ifPresent(r -> found.putIfAbsent(r.descriptor().name(), r));
        }
        ModuleReference cli = found.get(CLI);
        if (cli == null) {
            throw new AssertionError("the runtime is not on the test's class path: the plugin-jar harness launches "
                    + "module " + CLI + " from it. Add io.ncdesign:ncdesign-cli at test scope (the ncdesign-bom "
                    + "manages its version), or pass the runtime's module path with runtime(...)");
        }
        Set<String> roots = new LinkedHashSet<>();
        roots.add(CLI);
        roots.addAll(addedModules(readArgs(location(cli))));
        ModuleFinder jars = finderOf(found);
        Configuration cf;
        try {
            cf = Configuration.empty().resolveAndBind(ModuleFinder.compose(ModuleFinder.ofSystem(), jars), ModuleFinder.of(), roots);
        } catch (FindException | ResolutionException e) {
            throw new AssertionError("the runtime on the test's class path does not resolve as ncd's module path: "
                    + e.getMessage() + " (a test dependency that clashes with the runtime? pass the runtime's module "
                    + "path with runtime(...))", e);
        }
        List<Path> path = new ArrayList<>();
        for (ResolvedModule m : cf.modules()) {
            if (found.containsKey(m.name())) {
                path.add(location(m.reference()));
            }
        }
        return new RuntimeModulePath(path, location(cli));
    }

    /** The launcher's JVM options file ({@code ncd.args}) as the ncdesign-cli of this module path ships it. */
    public String launcherArgs() {
        return readArgs(cli);
    }

    /** The modules {@code --add-modules} names in an args file (TensorFlow's native library). */
    static List<String> addedModules(String args) {
        List<String> out = new ArrayList<>();
        List<String> tokens = args.lines().map(String::strip).filter(l -> !l.startsWith("#"))
                .flatMap(l -> List.of(l.split("\\s+")).stream()).filter(t -> !t.isEmpty()).toList();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("--add-modules") && i + 1 < tokens.size()) {
                out.addAll(List.of(tokens.get(i + 1).split(",")));
            } else if (t.startsWith("--add-modules=")) {
                out.addAll(List.of(t.substring("--add-modules=".length()).split(",")));
            }
        }
        return out;
    }

    private static String readArgs(Path cliLocation) {
        try {
            if (Files.isDirectory(cliLocation)) {
                Path f = cliLocation.resolve(ARGS_RESOURCE);
                if (Files.isRegularFile(f)) {
                    return Files.readString(f, StandardCharsets.UTF_8);
                }
            } else {
                try (JarFile jar = new JarFile(cliLocation.toFile())) {
                    ZipEntry e = jar.getEntry(ARGS_RESOURCE);
                    if (e != null) {
                        try (InputStream in = jar.getInputStream(e)) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the launcher's JVM options from " + cliLocation + ": " + e.getMessage(), e);
        }
        throw new AssertionError(cliLocation + " has no " + ARGS_RESOURCE + " (the launcher's JVM options): it is older "
                + "than this testkit; use the ncdesign-cli of the testkit's version (the ncdesign-bom aligns them)");
    }

    private static List<Path> testPathEntries() {
        Set<Path> out = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "surefire.test.class.path", "java.class.path")) {
            String v = System.getProperty(property);
            if (v != null) {
                for (String s : v.split(File.pathSeparator)) {
                    if (!s.isBlank()) {
                        out.add(Path.of(s).toAbsolutePath().normalize());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The module a class-path entry holds: a jar (explicit or automatic) or an exploded explicit module. */
    private static Optional<ModuleReference> moduleAt(Path p) {
        boolean jar = Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar");
        boolean exploded = Files.isDirectory(p) && Files.isRegularFile(p.resolve("module-info.class"));
        if (!jar && !exploded) {
            return Optional.empty();
        }
        try {
            Set<ModuleReference> refs = ModuleFinder.of(p).findAll();
            return refs.size() == 1 ? Optional.of(refs.iterator().next()) : Optional.empty();
        } catch (FindException e) {
            return Optional.empty(); // not usable as a module (e.g. a jar whose name gives no module name)
        }
    }

    private static ModuleFinder finderOf(Map<String, ModuleReference> modules) {
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return Optional.ofNullable(modules.get(name));
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.copyOf(modules.values());
            }
        };
    }

    private static Path location(ModuleReference r) {
        URI uri = r.location().orElseThrow(() -> new AssertionError("module " + r.descriptor().name() + " has no location"));
        return Path.of(uri);
    }
}
