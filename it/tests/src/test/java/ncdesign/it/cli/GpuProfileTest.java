package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gpu} Maven profile resolves the runtime's module path with TensorFlow's {@code linux-x86_64-gpu} native
 * jar in place of the CPU one (and the default build the other way round), and that module path runs: on a machine
 * without a GPU (as CI is), {@code --device auto} trains on the CPU with TensorFlow's GPU build and {@code --device gpu}
 * is refused in one line that knows it is the GPU build. This downloads the GPU jar (about 530 MB) once.
 */
@Tag("slow")
class GpuProfileTest {
    @TempDir
    Path work;

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
        return String.join(java.io.File.pathSeparator, entries);
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
}
