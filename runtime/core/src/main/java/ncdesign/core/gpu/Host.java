package ncdesign.core.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this host offers the GPU build: the NVIDIA driver's version, and where the dynamic loader would find a library
 * by name, searching as it does: {@code LD_LIBRARY_PATH}, then the {@code ldconfig} cache, then the system folders.
 */
public final class Host {
    private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+(\\S+)");
    private static final Pattern LDCONFIG_LINE = Pattern.compile("^\\s*(\\S+) \\(([^)]*)\\) => (\\S+)$");
    private static final List<String> SYSTEM_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
            "/usr/lib64", "/lib", "/usr/lib");

    private Host() {
    }

    /**
     * The NVIDIA driver's version, from {@code /proc/driver/nvidia/version} (the kernel module) or else
     * {@code nvidia-smi}; empty when neither answers (no driver).
     */
    public static Optional<String> driverVersion() {
        Optional<String> proc = driverVersion(Path.of("/proc/driver/nvidia/version"));
        return proc.isPresent() ? proc : nvidiaSmi();
    }

    /** The version in a {@code /proc/driver/nvidia/version} file ("NVRM version: ... Kernel Module  580.65.06 ..."). */
    static Optional<String> driverVersion(Path procFile) {
        try {
            Matcher m = KERNEL_MODULE.matcher(Files.readString(procFile, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> nvidiaSmi() {
        List<String> out = command("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader");
        return out.isEmpty() || out.get(0).isBlank() ? Optional.empty() : Optional.of(out.get(0).trim());
    }

    /** The folders the loader searches, in its order: {@code LD_LIBRARY_PATH}'s, then the system's. */
    public static List<Path> searchDirs(Map<String, String> env) {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = env.getOrDefault("LD_LIBRARY_PATH", "");
        for (String d : ld.split(":")) {
            if (!d.isBlank()) {
                dirs.add(Path.of(d));
            }
        }
        SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
        return List.copyOf(dirs);
    }

    /**
     * Where the loader finds {@code name}: the first of {@code dirs} before the system folders that holds it (so
     * {@code LD_LIBRARY_PATH}), else the {@code ldconfig} cache's x86-64 entry, else a system folder; empty if none.
     */
    public static Optional<Path> find(String name, List<Path> dirs, Map<String, Path> ldconfigCache) {
        for (Path d : dirs) {
            if (SYSTEM_DIRS.contains(d.toString())) {
                break;
            }
            if (Files.exists(d.resolve(name))) {
                return Optional.of(d.resolve(name));
            }
        }
        Path cached = ldconfigCache.get(name);
        if (cached != null && Files.exists(cached)) {
            return Optional.of(cached);
        }
        return SYSTEM_DIRS.stream().map(d -> Path.of(d, name)).filter(Files::exists).findFirst();
    }

    /** The x86-64 libraries in the {@code ldconfig -p} cache, by name (empty when ldconfig is not there). */
    public static Map<String, Path> ldconfigCache() {
        List<String> lines = command("ldconfig", "-p");
        if (lines.isEmpty()) {
            lines = command("/sbin/ldconfig", "-p");
        }
        return parseLdconfig(lines);
    }

    static Map<String, Path> parseLdconfig(List<String> lines) {
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = LDCONFIG_LINE.matcher(l);
            if (m.matches() && m.group(2).contains("x86-64")) {
                out.putIfAbsent(m.group(1), Path.of(m.group(3)));
            }
        }
        return out;
    }

    /** The output lines of a short command, or none if it cannot run, fails or takes over 10 s. */
    private static List<String> command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
