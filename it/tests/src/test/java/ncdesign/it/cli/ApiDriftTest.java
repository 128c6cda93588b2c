package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars built the way a third party builds them, but against an api that drifted from the runtime's: a
 * method the runtime's api declares abstract that the plugin's did not (AbstractMethodError), a method the runtime's
 * api lacks (NoSuchMethodError), another major version of the api, the same module in two jars, a default of the
 * wrong type, a default outside its own range and a name that is not kebab-case. With all of them in the plugins
 * folder, {@code ncd plugins}, {@code ncd train --loss ce} and {@code ncd metrics} keep working, each jar gets one
 * line naming it, and nothing prints a stack trace.
 */
@Tag("slow")
class ApiDriftTest {
    @TempDir
    static Path work;

    private static final String[] JARS = {"drift-removed.jar", "drift-added.jar", "drift-major.jar", "twice-1.0.0.jar",
        "twice-1.1.0.jar", "drift-wrongtype.jar", "drift-range.jar", "drift-badname.jar"};

    @BeforeAll
    static void buildJars() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path realApi = onlyJar("ncdesign-api-");
        // the runtime's api, with description() made a default method: a plugin built on it may omit it
        Path lenient = api("lenient", "0.1.0", "    String description();",
                "    default String description() {\n        return \"-\";\n    }");
        // the runtime's api plus a method the runtime lacks
        Path newer = api("newer", "0.1.0", "    String description();",
                "    String description();\n\n    static String apiExtra() {\n        return \"extra\";\n    }");
        Path major = Files.copy(realApi, work.resolve("api-1.0.0.jar"));
        tool("jar", "--update", "--file", major.toString(), "--module-version", "1.0.0");

        plugin("removed", lenient, "0.1.0", "drift-removed", null, "", plugins.resolve("drift-removed.jar"));
        plugin("added", newer, "0.1.0", "drift-added", "ncdesign.api.PluginProvider.apiExtra()", "", plugins.resolve("drift-added.jar"));
        plugin("major", major, "0.1.0", "drift-major", "\"built on 1.0\"", "", plugins.resolve("drift-major.jar"));
        plugin("twice", realApi, "1.0.0", "twice", "\"first\"", "", plugins.resolve("twice-1.0.0.jar"));
        plugin("twice", realApi, "1.1.0", "twice", "\"second\"", "", plugins.resolve("twice-1.1.0.jar"));
        plugin("wrongtype", realApi, "0.1.0", "drift-wrongtype", "\"int with a double default\"",
                "new ParamSpec(\"k\", ParamType.INT, 0.5, \"k\", null, false, null, List.of())", plugins.resolve("drift-wrongtype.jar"));
        plugin("range", realApi, "0.1.0", "drift-range", "\"default outside its range\"",
                "ParamSpec.ofDouble(\"tau\", -1, \"temperature\").greaterThan(0)", plugins.resolve("drift-range.jar"));
        plugin("badname", realApi, "0.1.0", "Drift_Name", "\"not kebab-case\"", "", plugins.resolve("drift-badname.jar"));
        // a plain library jar (no module-info) that a plugin module requires by its automatic name
        Path libSrc = Files.createDirectories(work.resolve("src-mathlib/com/example/mathlib"));
        Files.writeString(libSrc.resolve("Half.java"), "package com.example.mathlib;\n\npublic final class Half {\n"
                + "    public static double of(double x) {\n        return x / 2;\n    }\n}\n");
        Path lib = compile("mathlib", "1.0", "", List.of(libSrc.resolve("Half.java").toString()), false);
        Files.move(lib, plugins.resolve("mathlib.jar"));
        plugin("useslib", realApi, "0.1.0", "uses-lib", "\"half of one is \" + com.example.mathlib.Half.of(1)", "",
                plugins.resolve("uses-lib.jar"), "mathlib");
        try (Stream<Path> s = Files.list(plugins)) {
            List<String> all = new ArrayList<>(Arrays.asList(JARS));
            all.addAll(List.of("mathlib.jar", "uses-lib.jar"));
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void pluginsListsTheBuiltInsAndNamesEachDriftedJarOnceWithoutAStackTrace() throws Exception {
        Ncd.Run r = Ncd.run(work, 120, "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("loss\\s+ce\\s+ncdesign.losses").containsPattern("backbone\\s+mlp")
                .containsPattern("metric\\s+nc1").contains("Scanned:").contains(work.resolve("plugins").toString())
                .doesNotContain("drift-").doesNotContain("Drift_Name");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        List<String> lines = Arrays.asList(r.err().split("\n"));
        for (String jar : JARS) {
            assertThat(lines.stream().filter(l -> l.contains(jar))).as(jar + " in:\n" + r.err()).hasSize(1);
        }
        assertThat(line(lines, "drift-removed.jar")).contains("AbstractMethodError").contains("com.example.removed");
        assertThat(line(lines, "drift-added.jar")).contains("NoSuchMethodError").contains("apiExtra");
        assertThat(line(lines, "drift-major.jar")).contains("ncdesign.api 1.0.0").contains("another major version")
                .contains("rebuild it");
        assertThat(line(lines, "twice-1.0.0.jar")).contains("twice-1.1.0.jar").contains("version 1.0.0")
                .contains("version 1.1.0");
        assertThat(line(lines, "drift-wrongtype.jar")).contains("parameter 'k'").contains("0.5").contains("int");
        assertThat(line(lines, "drift-range.jar")).contains("parameter 'tau'").contains("outside its own range > 0");
        assertThat(line(lines, "drift-badname.jar")).contains("Drift_Name").contains("kebab-case");
        // a library jar that is not a module serves the plugin that requires it, and is no problem
        assertThat(r.out()).containsPattern("loss\\s+uses-lib\\s+com.example.useslib").contains("half of one is 0.5");
        assertThat(r.err()).doesNotContain("mathlib").doesNotContain("uses-lib");

        Ncd.Run strict = Ncd.run(work, 120, "plugins", "--strict");
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.errorLine()).contains("plugin problems").contains("--strict");
    }

    @Test
    void trainingAndMetricsKeepWorkingAndAnUnknownLossNamesTheSkippedJars() throws Exception {
        Ncd.Run train = Ncd.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param",
                "widths=32", "--loss", "ce", "--epochs", "1", "--max-steps", "2", "--metrics", "nc1", "--evaluators", "none",
                "--out", "runs", "--name", "ce");
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.err()).doesNotContain("\tat ");
        String config = Files.readString(work.resolve("runs/ce/config.yaml"));
        assertThat(config).containsPattern("sha256: [0-9a-f]{64}").contains("module: ncdesign.losses")
                .contains("jar: ncdesign-plugin-losses-");

        Ncd.Run metrics = Ncd.run(work, 120, "metrics", "runs/ce/features/train-epoch-1.arrow", "--metrics", "nc1");
        assertThat(metrics.exit()).as(metrics.err()).isZero();
        assertThat(metrics.out()).contains("nc1");

        Ncd.Run unknown = Ncd.run(work, 120, "train", "--dataset", "synthetic", "--loss", "twice", "--out", "runs");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.errorLine()).contains("unknown loss 'twice'").contains("twice-1.0.0.jar")
                .contains("drift-major.jar").contains("ncd plugins");
    }

    private static String line(List<String> lines, String jar) {
        return lines.stream().filter(l -> l.contains(jar)).findFirst().orElseThrow();
    }

    private static Path onlyJar(String prefix) throws Exception {
        try (Stream<Path> s = Files.list(Ncd.mods())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    /** TensorFlow's jars (the api requires them), without any ncdesign module. */
    private static String thirdPartyModules() throws Exception {
        try (Stream<Path> s = Files.list(Ncd.mods())) {
            return String.join(java.io.File.pathSeparator,
                    s.filter(p -> !p.getFileName().toString().startsWith("ncdesign-")).map(Path::toString).toList());
        }
    }

    /** The runtime's api sources with one edit, compiled as module version {@code version}. */
    private static Path api(String name, String version, String from, String to) throws Exception {
        Path root = Path.of(System.getProperty("ncd.root", "../..")).toAbsolutePath().normalize().resolve("api/src/main/java");
        Path src = work.resolve("api-src-" + name);
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path copy = src.resolve(root.relativize(p).toString());
                Files.createDirectories(copy.getParent());
                String text = Files.readString(p);
                if (p.endsWith(Path.of("ncdesign/api/PluginProvider.java"))) {
                    assertThat(text).contains(from);
                    text = text.replace(from, to);
                }
                Files.writeString(copy, text);
                if (p.toString().endsWith(".java")) {
                    files.add(copy.toString());
                }
            }
        }
        return compile("api-" + name, version, thirdPartyModules(), files, true);
    }

    /** A loss plugin module {@code com.example.<pkg>} compiled against {@code api}. */
    private static void plugin(String pkg, Path api, String version, String name, String description, String param,
                               Path jarFile, String... requires) throws Exception {
        Path src = Files.createDirectories(work.resolve("src-" + pkg + "-" + version).resolve("com/example/" + pkg));
        Files.writeString(src.getParent().getParent().getParent().resolve("module-info.java"), "module com.example." + pkg
                + " {\n    requires ncdesign.api;\n" + Arrays.stream(requires).map(r -> "    requires " + r + ";\n").reduce("", String::concat)
                + "    provides ncdesign.api.loss.LossProvider with com.example." + pkg + ".P;\n}\n");
        Files.writeString(src.resolve("P.java"), "package com.example." + pkg + ";\n\n"
                + "import java.util.List;\nimport ncdesign.api.loss.Loss;\nimport ncdesign.api.loss.LossProvider;\n"
                + "import ncdesign.api.param.ParamSpec;\nimport ncdesign.api.param.ParamType;\nimport ncdesign.api.param.Params;\n\n"
                + "public final class P implements LossProvider {\n"
                + "    public String name() {\n        return \"" + name + "\";\n    }\n\n"
                + (description == null ? "" : "    public String description() {\n        return " + description + ";\n    }\n\n")
                + "    public List<ParamSpec> parameters() {\n        return List.of(" + param + ");\n    }\n\n"
                + "    public Loss create(Params p) {\n        throw new UnsupportedOperationException(\"never trained\");\n    }\n}\n");
        Path root = src.getParent().getParent().getParent();
        List<String> files = List.of(root.resolve("module-info.java").toString(), src.resolve("P.java").toString());
        String mp = api + java.io.File.pathSeparator + thirdPartyModules()
                + Arrays.stream(requires).map(r -> java.io.File.pathSeparator + jarFile.resolveSibling(r + ".jar")).reduce("", String::concat);
        Path jar = compile("plugin-" + pkg + "-" + version, version, mp, files, true);
        Files.move(jar, jarFile);
    }

    private static Path compile(String name, String version, String modulePath, List<String> files, boolean module) throws Exception {
        Path classes = Files.createDirectories(work.resolve("classes-" + name));
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-nowarn"));
        if (module) {
            args.addAll(List.of("--module-version", version, "--module-path", modulePath));
        }
        args.addAll(files);
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac " + name).isZero();
        return PluginJars.jar(classes, work.resolve(name + ".jar"), null);
    }

    private static void tool(String name, String... args) {
        int rc = ToolProvider.findFirst(name).orElseThrow().run(System.out, System.err, args);
        assertThat(rc).as(name + " " + String.join(" ", args)).isZero();
    }
}
