package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gpu} Maven profile resolves the runtime's module path with TensorFlow's {@code linux-x86_64-gpu} native
 * jar in place of the CPU one (and the default build the other way round). Checked on Maven's resolved dependency
 * graph of the runtime module (POMs only), so CI does not download the multi-gigabyte GPU jar itself.
 */
class GpuProfileTest {
    @TempDir
    Path work;

    private String tree(String... profile) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path out = work.resolve("tree" + profile.length + ".txt");
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("ncd.mvn", "mvn"), "-B", "-q", "-pl", "runtime", "-am"));
        cmd.addAll(List.of(profile));
        cmd.addAll(List.of("dependency:tree", "-Dincludes=org.tensorflow", "-DoutputFile=" + out, "-DappendOutput=true"));
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mvn" + profile.length + ".log").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("mvn dependency:tree finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("mvn" + profile.length + ".log"))).isZero();
        return Files.readString(out);
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
        try (var s = Files.list(Path.of("../runtime/target/mods"))) {
            List<String> natives = s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("tensorflow-core-native")).sorted().toList();
            assertThat(natives).containsExactly("tensorflow-core-native-1.1.0-linux-x86_64.jar", "tensorflow-core-native-1.1.0.jar");
        }
    }
}
