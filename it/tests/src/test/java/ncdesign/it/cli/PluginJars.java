package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a plugin jar from sources the way a third party would: compiled against the ncdesign module path. */
final class PluginJars {
    private PluginJars() {
    }

    /** Compiles {@code test-resources/<resource>/src} against the runtime's module path into {@code jar}. */
    static Path build(String resource, Path jar, boolean withModuleInfo) throws IOException, URISyntaxException {
        Path src = Path.of(PluginJars.class.getResource("/" + resource + "/src").toURI());
        Path classes = Files.createTempDirectory("plugin-classes");
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(src)) {
            s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> withModuleInfo || !p.getFileName().toString().equals("module-info.java"))
                    .forEach(p -> files.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
        if (withModuleInfo) {
            args.addAll(List.of("--module-path", Ncd.mods().toString()));
        } else {
            args.addAll(List.of("-cp", Ncd.mods().resolve("*").toString()));
            // class path wildcards are not expanded by javac's API: list the jars
            try (Stream<Path> s = Files.list(Ncd.mods())) {
                args.set(args.size() - 1, String.join(java.io.File.pathSeparator, s.map(Path::toString).toList()));
            }
        }
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        assertThat(rc).as("javac of " + resource).isZero();
        return jar(classes, jar, withModuleInfo ? null : "com.example.smoothing.LabelSmoothingProvider");
    }

    /**
     * Jars the class files under {@code classes} into {@code jar}; with {@code lossProvider}, also the
     * META-INF/services entry a class-path (non-modular) plugin declares its loss provider in.
     */
    static Path jar(Path classes, Path jar, String lossProvider) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(p));
                jos.closeEntry();
            }
            if (lossProvider != null) {
                jos.putNextEntry(new JarEntry("META-INF/services/ncdesign.api.loss.LossProvider"));
                jos.write((lossProvider + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                jos.closeEntry();
            }
        }
        return jar;
    }
}
