package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up mid-run gives one line and leaves no partial file (needs root to mount a small tmpfs). */
@Tag("slow")
class DiskFullTest {
    @TempDir
    Path work;

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void fullDiskFailsCleanly() throws Exception {
        Path tiny = Files.createDirectories(work.resolve("tiny"));
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", tiny.toString()))
                .as("mounting a 3 MB tmpfs (needs root)").isTrue();
        try {
            Ncd.Run r = Ncd.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--epochs", "2",
                    "--out", tiny.resolve("runs").toString(), "--name", "full");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.errorLine()).contains("No space left on device").contains("--out");
            assertThat(r.err().lines().filter(l -> l.startsWith("ncd:")).count()).isEqualTo(1);
            try (Stream<Path> s = Files.walk(tiny)) {
                List<String> partial = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp")).toList();
                assertThat(partial).isEmpty();
            }
        } finally {
            run("umount", tiny.toString());
        }
    }
}
