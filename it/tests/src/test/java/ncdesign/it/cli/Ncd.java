package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real launcher, {@code java @ncd.args -p <mods> -m ncdesign.cli/...}, as a subprocess. */
final class Ncd {
    /** Exit code, stdout and stderr of one run. */
    record Run(int exit, String out, String err) {
        /** The one-line error the CLI printed. */
        String errorLine() {
            return err.lines().filter(l -> l.startsWith("ncd: error:")).findFirst().orElse("");
        }
    }

    static Path mods() {
        Path p = Path.of(System.getProperty("ncd.mods", "../../runtime/cli/target/mods"));
        assertThat(p).as("module path built by the runtime module").isDirectory();
        return p;
    }

    static Path runtimeJar() {
        return Path.of(System.getProperty("ncd.runtimeJar", "../../runtime/cli/target/ncdesign-cli.jar"));
    }

    /** The launcher's JVM options file, which ./ncd passes too. */
    static Path launcherArgs() {
        Path p = Path.of(System.getProperty("ncd.root", "../.."), "runtime", "cli", "src", "main", "launcher", "ncd.args").toAbsolutePath();
        assertThat(p).as("the launcher's JVM options").isRegularFile();
        return p;
    }

    static Run run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runOn(mods().toAbsolutePath() + java.io.File.pathSeparator + runtimeJar().toAbsolutePath(), workDir, timeoutSeconds, args);
    }

    /** Runs the launcher on the given module path (entries separated by the path separator). */
    static Run runOn(String modulePath, Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runWith(List.of(), Map.of(), modulePath, workDir, timeoutSeconds, args);
    }

    /** {@link #runOn(String, Path, long, String...)} with these environment variables added (as ./ncd sets them). */
    static Run runOn(String modulePath, Map<String, String> env, Path workDir, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return runWith(List.of(), env, modulePath, workDir, timeoutSeconds, args);
    }

    /** Runs the launcher with extra JVM options (e.g. {@code -Xmx1g}), given after the launcher's own. */
    static Run runWithJvmOptions(List<String> jvmOptions, Path workDir, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return runWith(jvmOptions, Map.of(), mods().toAbsolutePath() + java.io.File.pathSeparator + runtimeJar().toAbsolutePath(), workDir,
                timeoutSeconds, args);
    }

    private static Run runWith(List<String> jvmOptions, Map<String, String> env, String modulePath, Path workDir, long timeoutSeconds,
            String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ncd-out", ".txt");
        Path err = Files.createTempFile("ncd-err", ".txt");
        Process p = start(jvmOptions, env, modulePath, workDir, out, err, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ncd " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s; stderr:\n"
                    + Files.readString(err));
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** Starts the launcher without waiting, output redirected to the given files. */
    static Process start(Path workDir, Path out, Path err, String... args) throws IOException {
        return start(List.of(), Map.of(), mods().toAbsolutePath() + java.io.File.pathSeparator + runtimeJar().toAbsolutePath(), workDir, out,
                err, args);
    }

    private static Process start(List<String> jvmOptions, Map<String, String> env, String modulePath, Path workDir, Path out, Path err,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + launcherArgs()); // the JVM options ./ncd passes, from the one file that holds them
        cmd.addAll(jvmOptions);
        cmd.add("-p");
        cmd.add(modulePath);
        cmd.add("-m");
        cmd.add("ncdesign.cli/ncdesign.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.environment().put("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit"); // as ./ncd does
        pb.environment().put("NCD_NO_TTY", "1");
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return pb.start();
    }
}
