package ncdesign.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No cycles anywhere in the main code: not between packages (within a module or across modules), not between modules
 * (neither in the {@code requires} of the module descriptors nor in what the classes actually use). Writes the module
 * graph, declared and used, to {@code target/module-summary.txt}.
 */
@Tag("slow")
class CycleTest {

    /** A jar of the reactor ({@code ncdesign-core-0.1.0-SNAPSHOT.jar}) or a module's {@code target/classes}. */
    private static final Pattern JAR = Pattern.compile("/ncdesign-([a-z-]+?)(-\\d[^/]*)?\\.jar!/");
    private static final Pattern DIR = Pattern.compile("/([a-z-]+)/target/classes/");

    /** The intended layering of the runtime: a module may only require modules of a lower rank. */
    private static final Map<String, Integer> RUNTIME_RANK = Map.of("ncdesign.io", 0, "ncdesign.data", 0,
            "ncdesign.features", 1, "ncdesign.core", 2, "ncdesign.inference", 3, "ncdesign.report", 3,
            "ncdesign.experiments", 4, "ncdesign.cli", 5);

    private static JavaClasses classes;
    private static Map<String, ModuleDescriptor> modules;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ncdesign");
        modules = new TreeMap<>();
        Set<Path> locations = new TreeSet<>();
        for (JavaClass c : classes) {
            location(c).ifPresent(locations::add);
        }
        for (ModuleReference ref : ModuleFinder.of(locations.toArray(Path[]::new)).findAll()) {
            modules.put(ref.descriptor().name(), ref.descriptor());
        }
    }

    @Test
    void importsTheMainClassesOfEveryModule() {
        assertThat(classes.stream().map(CycleTest::artifact).collect(Collectors.toSet()))
                .contains("api", "plugin-losses", "plugin-backbones", "plugin-metrics", "plugin-eval", "io", "data",
                        "features", "core", "inference", "report", "experiments", "cli", "testkit");
        assertThat(modules).containsKeys("ncdesign.api", "ncdesign.io", "ncdesign.core", "ncdesign.cli",
                "ncdesign.testkit");
        assertThat(classes.stream().map(JavaClass::getName)).noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("ncdesign.(**)").namingSlices("package ncdesign.$1")
                .should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void modulesAreFreeOfCyclesInWhatTheirClassesUse() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String artifact = artifact(javaClass);
                return artifact == null ? SliceIdentifier.ignore() : SliceIdentifier.of("module " + artifact);
            }

            @Override
            public String getDescription() {
                return "the module each class is built in";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void moduleDescriptorsAreFreeOfCyclesAndFollowTheRuntimeLayering() throws IOException {
        Map<String, Set<String>> requires = new TreeMap<>();
        modules.forEach((name, d) -> requires.put(name, d.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(modules::containsKey).collect(Collectors.toCollection(TreeSet::new))));
        Map<String, Set<String>> uses = usedModules();
        List<String> summary = new ArrayList<>();
        summary.add("# module -> ncdesign modules it requires (module-info) | it uses (class dependencies)");
        requires.forEach((m, r) -> summary.add(m + " -> " + String.join(", ", r) + " | "
                + String.join(", ", uses.getOrDefault(m, Set.of()))));
        Path out = Paths.get("target", "module-summary.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, summary);
        summary.forEach(System.out::println);

        for (String m : requires.keySet()) {
            assertThat(reachable(requires, m)).as("modules that %s reaches through requires", m).doesNotContain(m);
        }
        requires.forEach((m, r) -> {
            if (RUNTIME_RANK.containsKey(m)) {
                for (String req : r) {
                    if (RUNTIME_RANK.containsKey(req)) {
                        assertThat(RUNTIME_RANK.get(req)).as("%s requires %s: layer", m, req)
                                .isLessThan(RUNTIME_RANK.get(m));
                    }
                }
            }
        });
        assertThat(uses).isNotEmpty();
    }

    /** For each module, the other ncdesign modules its classes depend on. */
    private static Map<String, Set<String>> usedModules() {
        Map<String, String> moduleOfPackage = new TreeMap<>();
        modules.forEach((name, d) -> d.packages().forEach(p -> moduleOfPackage.put(p, name)));
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = moduleOfPackage.get(c.getPackageName());
            if (from == null) {
                continue;
            }
            Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
            c.getDirectDependenciesFromSelf().stream().map(d -> moduleOfPackage.get(d.getTargetClass().getPackageName()))
                    .filter(m -> m != null && !m.equals(from)).forEach(to::add);
        }
        return uses;
    }

    private static Set<String> reachable(Map<String, Set<String>> graph, String start) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(graph.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String m = todo.remove(todo.size() - 1);
            if (seen.add(m)) {
                todo.addAll(graph.getOrDefault(m, Set.of()));
            }
        }
        return seen;
    }

    /** The reactor module a class is built in ("core", "plugin-losses", ...), or null. */
    static String artifact(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
        Matcher jar = JAR.matcher(uri);
        if (jar.find()) {
            return jar.group(1);
        }
        Matcher dir = DIR.matcher(uri);
        return dir.find() ? dir.group(1) : null;
    }

    /** The jar or classes folder a class was imported from. */
    private static Optional<Path> location(JavaClass c) {
        return c.getSource().map(s -> s.getUri()).map(uri -> {
            String u = uri.toString();
            if (u.startsWith("jar:")) {
                return Paths.get(URI.create(u.substring(4, u.indexOf("!/"))));
            }
            String rel = c.getName().replace('.', '/') + ".class";
            return Paths.get(URI.create(u.substring(0, u.length() - rel.length())));
        });
    }
}
