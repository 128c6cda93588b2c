package ncdesign.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.core.Versions;
import ncdesign.core.gpu.CudaLibraries;
import ncdesign.core.gpu.Host;
import ncdesign.core.train.Devices;
import ncdesign.experiments.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd doctor}: what this machine offers ncdesign, one line per finding, and whether {@code --device} can run. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check this machine: Java and TensorFlow versions, the build (cpu or gpu), the NVIDIA driver, every",
            "library the gpu build needs and where the loader finds it, the devices TensorFlow lists with a short matmul",
            "figure each. One line per finding; exit code 2 when the device asked for with --device cannot run."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "auto", description = "the device that must be able to run: auto, cpu, gpu or gpu:N "
            + "(default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--no-matmul", description = "list the devices without timing a matmul on each")
    boolean noMatmul;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Map<String, String> env = System.getenv();
        out.println("java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        out.println("ncdesign: " + Versions.ncdesign());
        out.println("tensorflow: " + Versions.all().get("tensorflow") + ModuleLayer.boot().findModule("tensorflow")
                .flatMap(m -> m.getDescriptor().rawVersion()).map(v -> " (TensorFlow Java " + v + ")").orElse(""));
        boolean gpuBuild = Devices.gpuBuild();
        out.println("build: " + (gpuBuild ? "gpu (TensorFlow's linux-x86_64-gpu native library: it needs the NVIDIA driver and the CUDA 12 "
                + "libraries below)" : "cpu (TensorFlow's linux-x86_64 native library; 'NCD_PROFILE=gpu ./ncd doctor' checks the gpu build)"));
        Optional<String> driver = Host.driverVersion();
        out.println("nvidia driver: " + driver.orElse("none: no /proc/driver/nvidia/version and no nvidia-smi, so TensorFlow can use "
                + "the CPU only; to use a GPU install the NVIDIA driver (R525 or newer), nothing else"));
        List<String> missing = gpuBuild ? libraries(out, env) : List.of();
        if (!gpuBuild) {
            out.println("cuda libraries: not used by the cpu build");
        }
        devices(out);
        try {
            String resolved = Devices.resolve(device);
            out.println("--device " + device + ": can run here (" + resolved + ")");
            return 0;
        } catch (ConfigException e) {
            throw new ConfigException("--device " + device + " cannot run here: " + reason(gpuBuild, driver.isPresent(), missing, e));
        }
    }

    /** Prints where the loader finds each library of the gpu build; returns the missing ones. */
    private static List<String> libraries(PrintStream out, Map<String, String> env) {
        String mode = env.getOrDefault("NCD_CUDA", "bundled");
        String dir = env.get("NCD_CUDA_DIR");
        out.println("cuda libraries: " + (dir != null ? dir + " (NCD_CUDA=" + mode + ", placed first on LD_LIBRARY_PATH by ./ncd)"
                : "the host's (NCD_CUDA=" + mode + "; the default, bundled, unpacks org.bytedeco:cuda:" + CudaLibraries.VERSION
                        + " into " + CudaLibraries.folder(CudaLibraries.cacheRoot(env)) + ")"));
        List<Path> dirs = Host.searchDirs(env);
        Map<String, Path> cache = Host.ldconfigCache();
        List<String> missing = new ArrayList<>();
        for (String lib : CudaLibraries.required()) {
            Optional<Path> at = Host.find(lib, dirs, cache);
            if (at.isEmpty()) {
                missing.add(lib);
            }
            out.println("library " + lib + ": " + at.map(Path::toString).orElse(lib.equals(CudaLibraries.DRIVER)
                    ? "missing (it is the NVIDIA driver's own library: install the driver)"
                    : "missing (NCD_CUDA=bundled ./ncd unpacks it from Maven; or point NCD_CUDA at a folder holding it)"));
        }
        return missing;
    }

    /** One line per device TensorFlow lists, with a short matmul figure. */
    private void devices(PrintStream out) {
        int threads = Runtime.getRuntime().availableProcessors();
        int gpu = 0;
        for (Devices.Device d : Devices.visible()) {
            String spec = d.type().equalsIgnoreCase("GPU") ? "gpu:" + gpu++ : "cpu";
            String name = d.name().substring(d.name().lastIndexOf("device:") + "device:".length());
            StringBuilder line = new StringBuilder("device " + name + ": " + d.type());
            if (d.memoryBytes() > 0 && spec.startsWith("gpu")) {
                line.append(String.format(Locale.ROOT, ", %.1f GiB", d.memoryBytes() / (double) (1L << 30)));
            }
            if (!noMatmul) {
                int n = spec.startsWith("gpu") ? 8192 : 1024;
                line.append(String.format(Locale.ROOT, ", matmul %d³ float32: %.1f GFLOP/s", n,
                        Benchmark.matmulFlops(threads, spec, "fp32", n) / 1e9));
            }
            out.println(line);
        }
        if (gpu == 0) {
            out.println("device GPU: none listed by TensorFlow");
        }
    }

    private static String reason(boolean gpuBuild, boolean driver, List<String> missing, ConfigException e) {
        if (!gpuBuild) {
            return "this is the cpu build; 'NCD_PROFILE=gpu ./ncd doctor --device gpu' checks the gpu build";
        }
        if (!driver) {
            return "no NVIDIA driver (install it; the CUDA 12 libraries come with the gpu build)";
        }
        if (!missing.isEmpty()) {
            return "missing " + String.join(", ", missing) + " (see the library lines above)";
        }
        return e.getMessage();
    }
}
