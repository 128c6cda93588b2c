package ncdesign.it.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import ncdesign.cli.Main;

/**
 * Runs the CLI in this JVM through its in-process entry point, {@link Main#run}: the same commands, exit codes and
 * output as {@link Ncd#run}, without starting a JVM and loading TensorFlow for every command. What needs the real
 * launcher (the module path, a plugins folder's module layers, killing a process, several workers) stays with
 * {@link Ncd}.
 *
 * <p>A JVM has one working directory, so the paths a test writes relative to its folder ({@code --out runs},
 * {@code runs/ce}, {@code f.npy}) are resolved against that folder here: the values of path options, and
 * positional arguments that look like paths or name something in the folder. The surefire JVM runs in
 * {@code target/cli-cwd}, so a path this misses lands there and the test's own checks fail, rather than writing
 * into the source tree.
 */
final class Cli {
    /** Options whose values are paths (comma-separated lists included). */
    private static final Set<String> PATH_OPTIONS = Set.of("--out", "--data-dir", "--resume", "--config", "--plugins",
            "--model", "--runs", "--encoder", "--features", "--labels", "--weights", "--json", "--frost-dir", "--baseline",
            "--cluster", "--bias", "--predictions", "--write-cache");
    private static final Pattern PATH_LIKE = Pattern.compile(".*(/|\\.(npy|yaml|yml|png|jpg|json|csv|arrow|txt|md|html)$).*");
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ncd-in-process");
        t.setDaemon(true);
        return t;
    });

    private Cli() {
    }

    /** Runs {@code ncd args...} as if from {@code work}; fails the test when it takes longer than the timeout. */
    static Ncd.Run run(Path work, long timeoutSeconds, String... args) throws Exception {
        String[] resolved = resolve(work, args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Future<Integer> f = RUNNER.submit(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return Main.run(o, e, resolved);
            }
        });
        try {
            int exit = f.get(timeoutSeconds, TimeUnit.SECONDS);
            return new Ncd.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("ncd " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s; stderr:\n"
                    + err.toString(StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new AssertionError("ncd " + String.join(" ", args) + " threw instead of returning an exit code", e.getCause());
        }
    }

    /** The arguments with the paths a test meant relative to {@code work} made absolute. */
    static String[] resolve(Path work, String... args) {
        List<String> out = new ArrayList<>();
        boolean pathValue = false;
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                String name = a.substring(0, a.indexOf('='));
                String value = a.substring(a.indexOf('=') + 1);
                out.add(PATH_OPTIONS.contains(name) ? name + "=" + absolute(work, value) : a);
                pathValue = false;
            } else if (a.startsWith("-")) {
                out.add(a);
                pathValue = PATH_OPTIONS.contains(a);
            } else if (pathValue || PATH_LIKE.matcher(a).matches() || Files.exists(work.resolve(a))) {
                out.add(absolute(work, a));
                pathValue = false;
            } else {
                out.add(a);
                pathValue = false;
            }
        }
        return out.toArray(String[]::new);
    }

    private static String absolute(Path work, String value) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split(",", -1)) {
            parts.add(p.isEmpty() || p.contains("=") ? p : work.resolve(p).toAbsolutePath().normalize().toString());
        }
        return String.join(",", parts);
    }
}
