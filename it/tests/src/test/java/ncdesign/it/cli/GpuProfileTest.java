package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import ncdesign.core.gpu.CudaLibraries;
import ncdesign.core.gpu.Host;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gpu tier (tag {@code gpu}: run by {@code mvn verify} where the CUDA redist jar is in the local Maven repository,
 * see the root pom's gpu-tier profile). The {@code gpu} Maven profile resolves the runtime's module path with
 * TensorFlow's {@code linux-x86_64-gpu} native jar in place of the CPU one (and the default build the other way round),
 * and that module path runs: on a machine without a GPU (as CI is), {@code --device auto} trains on the CPU with
 * TensorFlow's GPU build and {@code --device gpu} is refused in one line that knows it is the GPU build. The CUDA 12
 * libraries it unpacks hold everything TensorFlow's GPU libraries load, and {@code ncd doctor} on the gpu build without
 * a driver says so in one line and reports the rest. Needs the GPU jar (530 MB) and the CUDA jar (2 GB).
 */
@Tag("gpu")
class GpuProfileTest {
    @TempDir
    Path work;

    /** The gpu module path, resolved once for the class (a nested Maven run). */
    private static String gpuModulePath;

    private String tree(String... profile) throws Exception {
        Path root = Path.of(System.getProperty("ncd.root", "../..")).toAbsolutePath().normalize();
        Path out = work.resolve("tree" + profile.length + ".txt");
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("ncd.mvn", "mvn"), "-B", "-q", "-pl", "runtime/cli", "-am"));
        cmd.addAll(List.of(profile));
        cmd.addAll(List.of("dependency:tree", "-Dincludes=org.tensorflow", "-DoutputFile=" + out, "-DappendOutput=true"));
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mvn" + profile.length + ".log").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("mvn dependency:tree finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("mvn" + profile.length + ".log"))).isZero();
        return Files.readString(out);
    }

    /** The runtime module path the gpu profile resolves: third-party jars from Maven, ncdesign's own from the build. */
    private String gpuModulePath() throws Exception {
        if (gpuModulePath != null) {
            return gpuModulePath;
        }
        Path root = Path.of(System.getProperty("ncd.root", "../..")).toAbsolutePath().normalize();
        Path cp = work.resolve("gpu-classpath.txt");
        List<String> cmd = List.of(System.getProperty("ncd.mvn", "mvn"), "-B", "-q", "-Pgpu", "-pl", "runtime/cli", "-am",
                "compile", "dependency:build-classpath", "-DincludeScope=runtime", "-DexcludeGroupIds=io.ncdesign", "-Dmdep.outputFile=" + cp);
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mvn-gpu.log").toFile()).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("mvn dependency:build-classpath -Pgpu finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("mvn-gpu.log"))).isZero();
        List<String> entries = new ArrayList<>(List.of(Files.readString(cp).trim().split(java.io.File.pathSeparator)));
        try (var s = Files.list(Ncd.mods())) {
            s.filter(f -> f.getFileName().toString().startsWith("ncdesign-")).forEach(f -> entries.add(f.toString()));
        }
        entries.add(Ncd.runtimeJar().toAbsolutePath().toString());
        gpuModulePath = String.join(java.io.File.pathSeparator, entries);
        return gpuModulePath;
    }

    /** The CUDA libraries unpacked (once, into the user's cache, as ./ncd does) from the redist jar the gpu build resolves. */
    private static Path cudaFolder() throws Exception {
        Path jar = Path.of(System.getProperty("ncd.cudaRedist"));
        assertThat(jar).as("the CUDA redist jar of the gpu build").isRegularFile();
        return CudaLibraries.unpack(jar, CudaLibraries.cacheRoot(System.getenv()));
    }

    /** {@code ldd} of each library with {@code LD_LIBRARY_PATH=path}: library -> the names it could not find. */
    private static Map<String, List<String>> notFound(List<Path> libs, String path) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (Path lib : libs) {
            ProcessBuilder p = new ProcessBuilder("ldd", lib.toString()).redirectErrorStream(true);
            p.environment().put("LD_LIBRARY_PATH", path);
            String text = new String(p.start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            out.put(lib.getFileName().toString(), text.lines().filter(l -> l.contains("not found")).map(l -> l.trim().split("\\s+")[0]).toList());
        }
        return out;
    }

    @Test
    void gpuModulePathCarriesTheGpuNativeJarAndTrainsOnTheCpuWithoutAGpu() throws Exception {
        String mp = gpuModulePath();
        List<String> natives = java.util.Arrays.stream(mp.split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).getFileName().toString()).filter(n -> n.startsWith("tensorflow-core-native")).sorted().toList();
        assertThat(natives).containsExactly("tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar", "tensorflow-core-native-1.1.0.jar");
        String gpuJar = java.util.Arrays.stream(mp.split(java.io.File.pathSeparator)).filter(e -> e.endsWith("-gpu.jar")).findFirst().orElseThrow();
        try (var jar = new java.util.jar.JarFile(gpuJar)) {
            // the launcher's --add-modules names this module; it must be the GPU jar's name too
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("tensorflow.nativelib.linux.x86_64");
            assertThat(jar.stream().map(java.util.jar.JarEntry::getName)).anyMatch(n -> n.contains("linux-x86_64-gpu"));
        }
        Ncd.Run auto = Ncd.runOn(mp, work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--loss", "ce",
                "--epochs", "1", "--device", "auto", "--out", "runs", "--name", "gpu-build");
        assertThat(auto.exit()).as(auto.err()).isZero();
        assertThat(Files.readString(work.resolve("runs/gpu-build/placement.json"))).contains("\"device\":\"cpu\"");
        Ncd.Run gpu = Ncd.runOn(mp, work, 600, "train", "--dataset", "synthetic", "--backbone", "mlp", "--loss", "ce",
                "--epochs", "1", "--device", "gpu", "--out", "runs", "--name", "refused");
        assertThat(gpu.exit()).isEqualTo(2);
        assertThat(gpu.errorLine()).contains("GPU build").contains("--device cpu or auto");
        assertThat(work.resolve("runs/refused")).doesNotExist();
    }

    @Test
    void gpuProfileSwapsTheNativeJar() throws Exception {
        String gpu = tree("-Pgpu");
        assertThat(gpu).contains("org.tensorflow:tensorflow-core-native:jar:linux-x86_64-gpu:1.1.0:runtime")
                .doesNotContain("tensorflow-core-native:jar:linux-x86_64:");
        String cpu = tree();
        assertThat(cpu).contains("org.tensorflow:tensorflow-core-native:jar:linux-x86_64:1.1.0:runtime")
                .doesNotContain("linux-x86_64-gpu");
        // and the CPU module path the launcher uses holds exactly one native jar, the CPU one
        try (var s = Files.list(Ncd.mods())) {
            List<String> natives = s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("tensorflow-core-native")).sorted().toList();
            assertThat(natives).containsExactly("tensorflow-core-native-1.1.0-linux-x86_64.jar", "tensorflow-core-native-1.1.0.jar");
        }
    }

    @Test
    void theUnpackedFolderHoldsEveryLibraryTensorFlowsGpuBuildLoadsAndTheirs() throws Exception {
        Path cuda = cudaFolder();
        assertThat(cuda.getFileName().toString()).isEqualTo("cuda-" + CudaLibraries.VERSION);
        for (CudaLibraries.Library lib : CudaLibraries.bundled()) {
            assertThat(cuda.resolve(lib.name())).as("unpacked " + lib.name()).isRegularFile();
        }
        // TensorFlow's own GPU libraries, from the gpu build's jar
        Path tf = Files.createDirectories(work.resolve("tf"));
        String gpuJar = java.util.Arrays.stream(gpuModulePath().split(java.io.File.pathSeparator)).filter(e -> e.endsWith("-gpu.jar"))
                .findFirst().orElseThrow();
        List<Path> libs = new ArrayList<>();
        try (var jar = new java.util.jar.JarFile(gpuJar)) {
            for (var e : java.util.Collections.list(jar.entries())) {
                if (e.getName().matches(".*/linux-x86_64-gpu/lib[^/]*\\.so[.0-9]*")) {
                    Path to = tf.resolve(e.getName().substring(e.getName().lastIndexOf('/') + 1));
                    try (var in = jar.getInputStream(e)) {
                        Files.copy(in, to);
                    }
                    libs.add(to);
                }
            }
        }
        assertThat(libs).extracting(f -> f.getFileName().toString())
                .contains("libjnitensorflow.so", "libtensorflow_cc.so.2", "libtensorflow_framework.so.2");
        try (var s = Files.list(cuda)) {
            libs.addAll(s.sorted().toList());
        }
        // the dynamic loader (ldd) finds every library they need, from the folder, except the driver's
        Map<String, List<String>> missing = notFound(libs, cuda + ":" + tf);
        System.out.println("ldd, libraries not found: " + missing);
        assertThat(missing).hasSize(libs.size());
        missing.forEach((lib, names) -> assertThat(names).as("not found by ldd for " + lib).isSubsetOf(CudaLibraries.DRIVER));
        ProcessBuilder p = new ProcessBuilder("ldd", cuda.resolve("libcusolver.so.11").toString()).redirectErrorStream(true);
        p.environment().put("LD_LIBRARY_PATH", cuda.toString());
        assertThat(new String(p.start().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("libcublas.so.12 => " + cuda.resolve("libcublas.so.12")).contains("libnvJitLink.so.12 => " + cuda);
        // and the libraries TensorFlow opens by name (dlopen) are all there; only the driver's comes from the host
        assertThat(CudaLibraries.required()).allMatch(n -> n.equals(CudaLibraries.DRIVER) || Files.isRegularFile(cuda.resolve(n)));
    }

    @Test
    void doctorOnTheGpuBuildWithoutADriverSaysSoInOneLineAndReportsTheRest() throws Exception {
        Path cuda = cudaFolder();
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", cuda.toString(), "NCD_CUDA", "bundled", "NCD_CUDA_DIR", cuda.toString());
        Ncd.Run r = Ncd.runOn(gpuModulePath(), env, work, 600, "doctor");
        System.out.println(r.out());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("java: 17")).anyMatch(l -> l.startsWith("tensorflow: 2.18"))
                .anyMatch(l -> l.startsWith("build: gpu"));
        // no driver on this machine (CI has none): one line says so, and what to install
        java.util.Optional<String> driver = Host.driverVersion();
        assertThat(lines.stream().filter(l -> l.startsWith("nvidia driver:")).toList()).singleElement().asString()
                .satisfies(l -> assertThat(l).contains(driver.isPresent() ? driver.get() : "none: no /proc/driver/nvidia/version and no "
                        + "nvidia-smi, so TensorFlow can use the CPU only; to use a GPU install the NVIDIA driver"));
        for (CudaLibraries.Library lib : CudaLibraries.bundled()) {
            assertThat(lines).contains("library " + lib.name() + ": " + cuda.resolve(lib.name()));
        }
        if (driver.isPresent()) { // a GPU host: the same report, and the GPU runs
            assertThat(lines).anyMatch(l -> l.startsWith("device GPU:0: GPU")).anyMatch(l -> l.startsWith("library libcuda.so.1: /"));
            return;
        }
        assertThat(lines).anyMatch(l -> l.startsWith("library libcuda.so.1: missing") && l.contains("driver"))
                .anyMatch(l -> l.matches("device CPU:0: CPU, matmul 1024³ float32: [0-9.]+ GFLOP/s"))
                .contains("device GPU: none listed by TensorFlow", "--device auto: can run here (cpu)");
        Ncd.Run gpu = Ncd.runOn(gpuModulePath(), env, work, 600, "doctor", "--device", "gpu", "--no-matmul");
        assertThat(gpu.exit()).isEqualTo(2);
        assertThat(gpu.errorLine()).isEqualTo("ncd: error: --device gpu cannot run here: no NVIDIA driver (install it; the CUDA 12 "
                + "libraries come with the gpu build)");
        assertThat(gpu.out()).contains("nvidia driver: none");
    }
}
