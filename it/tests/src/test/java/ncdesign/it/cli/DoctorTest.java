package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ncd doctor} on the cpu build (the gpu build's report is GpuProfileTest's, in the gpu tier): one line per
 * finding, exit 0 when the device asked for runs, and a one-line refusal pointing to the gpu build when it cannot.
 */
class DoctorTest {
    @TempDir
    Path work;

    @Test
    void theCpuBuildsDoctorPassesAndRefusesAGpuItCannotRun() throws Exception {
        Ncd.Run r = Cli.run(work, 120, "doctor");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("java: 17");
        assertThat(lines).anyMatch(l -> l.startsWith("ncdesign: ")).anyMatch(l -> l.startsWith("tensorflow: 2.18"))
                .anyMatch(l -> l.startsWith("build: cpu")).contains("cuda libraries: not used by the cpu build")
                .anyMatch(l -> l.matches("device CPU:0: CPU, matmul 1024³ float32: [0-9.]+ GFLOP/s"))
                .contains("--device auto: can run here (cpu)");
        assertThat(lines.stream().filter(l -> l.startsWith("nvidia driver: "))).hasSize(1);
        assertThat(lines).noneMatch(l -> l.startsWith("library "));
        assertThat(r.out()).doesNotContain("ncd: error");

        Ncd.Run gpu = Cli.run(work, 120, "doctor", "--device", "gpu", "--no-matmul");
        assertThat(gpu.exit()).isEqualTo(2);
        assertThat(gpu.errorLine()).isEqualTo("ncd: error: --device gpu cannot run here: this is the cpu build; "
                + "'NCD_PROFILE=gpu ./ncd doctor --device gpu' checks the gpu build");
        assertThat(gpu.out()).contains("build: cpu").doesNotContain("GFLOP/s");
    }
}
