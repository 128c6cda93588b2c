package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 9 of issue 21 with real processes: while {@code ncd train} writes a run folder, a {@code --resume} of it in
 * another process is refused naming the writer; once the writer is killed (SIGKILL), its lock is stale and the
 * resume takes it over and finishes the run.
 */
@Tag("slow")
class ConcurrentWritersTest {
    @TempDir
    Path work;

    @Test
    void aSecondWriterIsRefusedUntilTheFirstIsKilled() throws Exception {
        Process p = Ncd.start(work, work.resolve("o.txt"), work.resolve("e.txt"), "train", "--dataset", "synthetic", "--backbone", "mlp",
                "--backbone-param", "widths=32", "--loss", "ce", "--epochs", "20", "--batch", "64", "--metrics", "none",
                "--evaluators", "none", "--nc-every", "0", "--out", "runs", "--name", "busy");
        Path lock = work.resolve("runs/busy").resolve(RunLayout.LOCK);
        Map<String, Object> holder = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (holder == null && p.isAlive() && System.nanoTime() < deadline) {
            try {
                holder = Json.readMap(lock);
            } catch (java.io.IOException e) {
                Thread.sleep(20); // not there yet
            }
        }
        try {
            assertThat(holder).as(Files.readString(work.resolve("e.txt"))).isNotNull();
            assertThat(((Number) holder.get("pid")).longValue()).isEqualTo(p.pid());

            Ncd.Run second = Ncd.run(work, 120, "train", "--resume", "runs/busy");
            assertThat(second.exit()).as(second.err()).isEqualTo(2);
            assertThat(second.errorLine()).contains("run folder runs/busy is in use by pid " + p.pid() + " on host " + holder.get("host"));
            assertThat(p.isAlive()).as("the first writer was not disturbed").isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL: the lock file stays behind
            p.waitFor();
        }
        assertThat(lock).exists();

        Ncd.Run resumed = Ncd.run(work, 600, "train", "--resume", "runs/busy");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("took over the lock of pid " + p.pid());
        assertThat(Files.readAllLines(work.resolve("runs/busy").resolve(RunLayout.METRICS_JSONL))).hasSize(20);
        assertThat(lock).doesNotExist();
    }
}
