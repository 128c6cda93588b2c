package ncdesign.testkit.harness;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a built plugin jar exactly as {@code ncd} does: the jar alone in a plugins folder, the runtime on the module
 * path of a child JVM started with the launcher's JVM options ({@code java @ncd.args -p <runtime> -m
 * ncdesign.cli/ncdesign.cli.Main <command> --plugins DIR ...}). For a failsafe test, after {@code package}:
 * <pre>
 * PluginJarHarness h = PluginJarHarness.forJar(Path.of(System.getProperty("plugin.jar")));
 * h.assertListed();                                   // ncd plugins --strict: listed, no problems
 * NcdRun r = h.assertTrains("--loss", "my-loss");     // 3 steps on the synthetic dataset
 * </pre>
 * The runtime comes from the test's class path ({@code io.ncdesign:ncdesign-cli} at test scope) unless
 * {@link #runtime(List)} names it. Every run has a timeout ({@link #timeout(Duration)}, 5 minutes by default); a
 * failure message gives the command, the exit code and the tail of both streams.
 */
public final class PluginJarHarness {
    /** Added to {@code ncd train} unless the caller gives the option: a few steps on the synthetic dataset. */
    static final List<String> TRAIN_DEFAULTS = List.of("--dataset", "synthetic", "--epochs", "1", "--max-steps", "3",
            "--out", "runs");

    private final Path jar;
    private final String module;
    private Path work;
    private Duration timeout = Duration.ofMinutes(5);
    private RuntimeModulePath runtime;
    private int runs;

    private PluginJarHarness(Path jar, String module) {
        this.jar = jar;
        this.module = module;
    }

    /** A harness for a built plugin jar (e.g. {@code target/my-plugin-1.0.jar}); fails unless it is a module. */
    public static PluginJarHarness forJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("plugin jar " + jar.toAbsolutePath() + " does not exist: build it first (the "
                    + "harness belongs in a failsafe test, which runs after 'package')");
        }
        Set<ModuleReference> refs;
        try {
            refs = ModuleFinder.of(jar).findAll();
        } catch (FindException e) {
            throw new AssertionError("plugin jar " + jar + " is not a usable module: " + e.getMessage(), e);
        }
        ModuleReference ref = refs.iterator().next();
        if (ref.descriptor().isAutomatic()) {
            throw new AssertionError("plugin jar " + jar + " has no module-info.class: ncd loads plugins as modules "
                    + "(module-info.java: requires ncdesign.api; provides ncdesign.api.loss.LossProvider with ...)");
        }
        return new PluginJarHarness(jar, ref.descriptor().name());
    }

    /** The folder the runs start in and write to (its {@code plugins/} and {@code runs/}); a temporary one by default. */
    public PluginJarHarness workDir(Path dir) {
        this.work = dir;
        return this;
    }

    /** The longest one {@code ncd} run may take before it is killed and the test fails. */
    public PluginJarHarness timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** The runtime's module path, as {@code ncd -p} takes it, instead of the one found on the test's class path. */
    public PluginJarHarness runtime(List<Path> modulePath) {
        this.runtime = RuntimeModulePath.of(modulePath);
        return this;
    }

    /** The plugin's module name, from its module descriptor. */
    public String module() {
        return module;
    }

    /** The plugins folder the runs pass as {@code --plugins}: the plugin jar alone. */
    public Path pluginsFolder() throws IOException {
        Path plugins = workDir().resolve("plugins");
        Files.createDirectories(plugins);
        Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return plugins;
    }

    /** {@code ncd COMMAND --plugins DIR ARGS...}. */
    public NcdRun ncd(String command, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command, "--plugins", pluginsFolder().toString()));
        all.addAll(List.of(args));
        return launch(all, null);
    }

    /** {@code ncd plugins --plugins DIR --strict}. */
    public NcdRun listPlugins() throws IOException, InterruptedException {
        return ncd("plugins", "--strict");
    }

    /**
     * {@code ncd train --plugins DIR ARGS...} with {@link #TRAIN_DEFAULTS} (synthetic dataset, one epoch, 3 steps,
     * {@code --out runs}) and a fresh {@code --name} for every option the arguments do not give.
     */
    public NcdRun train(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("train", "--plugins", pluginsFolder().toString()));
        all.addAll(List.of(args));
        for (int i = 0; i < TRAIN_DEFAULTS.size(); i += 2) {
            if (!given(all, TRAIN_DEFAULTS.get(i))) {
                all.addAll(TRAIN_DEFAULTS.subList(i, i + 2));
            }
        }
        if (!given(all, "--name")) {
            all.addAll(List.of("--name", "harness-" + (runs + 1)));
        }
        Path runDir = workDir().resolve(value(all, "--out")).resolve(value(all, "--name"));
        return launch(all, runDir);
    }

    /**
     * Lists the plugins and fails unless {@code ncd plugins --strict} exits 0 and lists at least one plugin of this
     * jar's module.
     *
     * @return the rows of this module
     */
    public List<ListedPlugin> assertListed() throws IOException, InterruptedException {
        NcdRun r = listPlugins();
        if (r.exitCode() != 0) {
            throw new AssertionError("ncd plugins --strict reports problems with plugin jar " + jar.getFileName()
                    + " (module " + module + "):\n" + r.describe());
        }
        List<ListedPlugin> mine = r.listed().stream().filter(p -> p.module().equals(module)).toList();
        if (mine.isEmpty()) {
            throw new AssertionError("ncd plugins lists no plugin of module " + module + " from " + jar.getFileName()
                    + ": does its module-info declare 'provides ncdesign.api.loss.LossProvider with ...' (or another "
                    + "plugin kind)?\n" + r.describe());
        }
        return mine;
    }

    /**
     * Trains with {@link #train(String...)} and fails unless it exits 0, prints the test accuracy and leaves a run
     * folder whose {@code config.yaml} names this plugin's module.
     */
    public NcdRun assertTrains(String... args) throws IOException, InterruptedException {
        NcdRun r = train(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("training with plugin jar " + jar.getFileName() + " (module " + module
                    + ") failed:\n" + r.describe());
        }
        Path config = r.runDir().map(d -> d.resolve("config.yaml")).filter(Files::isRegularFile).orElseThrow(() ->
                new AssertionError("training exited 0 but left no run folder with a config.yaml:\n" + r.describe()));
        String provenance = Files.readString(config, StandardCharsets.UTF_8);
        if (!provenance.contains(module)) {
            throw new AssertionError(config + " does not name module " + module + ": the run did not use this "
                    + "plugin (another plugin of the same name?)\n" + provenance);
        }
        return r;
    }

    private NcdRun launch(List<String> args, Path runDir) throws IOException, InterruptedException {
        Path dir = workDir();
        RuntimeModulePath rt = runtime();
        int n = ++runs;
        Path argsFile = dir.resolve("ncd.args");
        Files.writeString(argsFile, rt.launcherArgs(), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argsFile, "-p", rt.joined(), "-m", RuntimeModulePath.MAIN));
        cmd.addAll(args);
        Path out = dir.resolve("ncd-" + n + ".out");
        Path err = dir.resolve("ncd-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2"); // the environment ./ncd sets
        env.putIfAbsent("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
        env.putIfAbsent("NVIDIA_TF32_OVERRIDE", "0");
        env.put("NCD_NO_TTY", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("ncd " + String.join(" ", args) + " did not finish within " + timeout.toMillis()
                    + " ms and was killed (PluginJarHarness.timeout(...) sets the limit)\n--- stderr ---\n"
                    + NcdRun.tail(Files.readString(err, StandardCharsets.UTF_8)));
        }
        // one line per run in the test's output (the surefire/failsafe report), to see what ran and how long it took
        System.out.printf(java.util.Locale.ROOT, "ncd %s -> exit %d in %.1f s (output: %s, %s)%n", String.join(" ", args),
                p.exitValue(), (System.nanoTime() - start) / 1e9, out, err);
        return new NcdRun(args, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), runDir);
    }

    private Path workDir() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("ncd-harness-");
        }
        return Files.createDirectories(work);
    }

    private RuntimeModulePath runtime() {
        if (runtime == null) {
            runtime = RuntimeModulePath.fromTestPath(Set.of(module));
        }
        return runtime;
    }

    private static boolean given(List<String> args, String option) {
        return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }

    private static String value(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        throw new IllegalStateException(option + " has no value in " + args);
    }
}
