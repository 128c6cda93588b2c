package ncdesign.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import ncdesign.api.error.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ncd launch --workers N ...}: starts N workers of a data-parallel job on this machine, on free loopback
 * ports, each an {@code ncd train --cluster FILE --task i ...} process with the same JVM options; prints their output
 * (worker 0's report as is, the others' lines prefixed) and returns when all have exited. For development and tests:
 * across machines, run {@code ncd train --cluster FILE --task i} on each machine instead.
 */
@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start N local workers of a synchronous data-parallel 'ncd train' job on loopback ports.",
            "Every other argument is passed to each worker, e.g. ncd launch --workers 2 --loss nonl --global-negatives --epochs 2.",
            "Resume a stopped job with ncd launch --workers N --resume RUN_DIR (N may differ from the first run)."})
final class LaunchCommand implements Callable<Integer> {

    @Option(names = "--workers", required = true, paramLabel = "N", description = "number of worker processes (1 or more)")
    int workers;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "90",
            description = "after a worker fails, how long the others get to stop by themselves before they are killed (default: ${DEFAULT-VALUE})")
    int grace;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new ConfigException("--workers must be at least 1, got " + workers);
        }
        for (String a : trainArgs) {
            if (a.equals("--cluster") || a.startsWith("--cluster=") || a.equals("--task") || a.startsWith("--task=")) {
                throw new ConfigException("ncd launch writes the cluster file and gives each worker its --task; drop " + a);
            }
        }
        List<String> java = jvmCommand();
        List<Integer> ports = freePorts(workers);
        Path cluster = Files.createTempFile("ncd-cluster-", ".yaml");
        cluster.toFile().deleteOnExit();
        StringBuilder yaml = new StringBuilder("# written by ncd launch\nworkers:\n");
        for (int p : ports) {
            yaml.append("  - 127.0.0.1:").append(p).append('\n');
        }
        ncdesign.io.AtomicFiles.writeString(cluster, yaml.toString());
        System.err.println("ncd launch: " + workers + " worker(s) on 127.0.0.1 ports " + ports + " (cluster file " + cluster + ")");

        List<Process> procs = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread killer = new Thread(() -> procs.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            for (int i = 0; i < workers; i++) {
                List<String> cmd = new ArrayList<>(java);
                cmd.addAll(List.of("train", "--cluster", cluster.toString(), "--task", Integer.toString(i)));
                cmd.addAll(trainArgs);
                Process p = new ProcessBuilder(cmd).start();
                procs.add(p);
                System.err.println("ncd launch: worker " + i + " started (pid " + p.pid() + ")");
                String prefix = "[worker " + i + "] ";
                pumps.add(pump(p.getInputStream(), System.out, i == 0 ? "" : prefix));
                pumps.add(pump(p.getErrorStream(), System.err, prefix));
            }
            int status = waitAll(procs);
            for (Thread t : pumps) {
                t.join(5000);
            }
            return status;
        } finally {
            procs.forEach(Process::destroyForcibly);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            Files.deleteIfExists(cluster);
        }
    }

    /** Waits for every worker; after the first failure the others get {@link #grace} seconds to stop on their own. */
    private int waitAll(List<Process> procs) throws InterruptedException {
        int first = 0;
        long deadline = Long.MAX_VALUE;
        boolean[] reported = new boolean[procs.size()];
        while (true) {
            boolean running = false;
            for (int i = 0; i < procs.size(); i++) {
                Process p = procs.get(i);
                if (p.isAlive()) {
                    running = true;
                    continue;
                }
                if (!reported[i]) {
                    reported[i] = true;
                    int code = p.exitValue();
                    if (code != 0) {
                        System.err.println("ncd launch: worker " + i + " exited with status " + code
                                + (code > 128 ? " (killed by signal " + (code - 128) + ")" : ""));
                        if (first == 0) {
                            first = code;
                            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(grace);
                        }
                    }
                }
            }
            if (!running) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                for (int i = 0; i < procs.size(); i++) {
                    if (procs.get(i).isAlive()) {
                        System.err.println("ncd launch: worker " + i + " did not stop within " + grace + " s after a failure; killing it");
                        procs.get(i).destroyForcibly();
                    }
                }
                deadline = Long.MAX_VALUE;
            }
            Thread.sleep(100);
        }
    }

    private static Thread pump(InputStream in, PrintStream out, String prefix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            }
        }, "ncd-launch-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The java command of this process up to and including its main module, for the workers. */
    private static List<String> jvmCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        String[] args = info.arguments().orElse(new String[0]);
        List<String> cmd = new ArrayList<>();
        cmd.add(info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (int i = 0; i < args.length; i++) {
            cmd.add(args[i]);
            if ((args[i].equals("-m") || args[i].equals("--module")) && i + 1 < args.length) {
                cmd.add(args[i + 1]);
                return cmd;
            }
            if (args[i].startsWith("--module=")) {
                return cmd;
            }
        }
        throw new ConfigException("ncd launch must run from the module launcher (./ncd, or java ... -m ncdesign.cli/ncdesign.cli.Main);"
                + " it starts the workers with the same java command");
    }

    /** {@code n} distinct ports free on the loopback interface now. */
    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
