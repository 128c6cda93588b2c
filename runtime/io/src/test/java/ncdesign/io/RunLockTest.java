package ncdesign.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run folder: a second one is refused with the holder named; a dead holder's lock is taken over. */
class RunLockTest {
    @TempDir
    Path run;

    @Test
    void heldOnceRecordsThePidAndHostAndIsRemovedOnClose() throws Exception {
        Path file = run.resolve(RunLayout.LOCK);
        RunLock lock = RunLock.acquire(run);
        Map<String, Object> rec = Json.readMap(file);
        assertThat(((Number) rec.get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
        assertThat(rec.get("host")).asString().isNotBlank();
        assertThat(lock.staleHolder()).isEmpty();
        assertThatThrownBy(() -> RunLock.acquire(run.resolve(".").resolve("x").resolve("..")))
                .isInstanceOf(RunLock.HeldException.class)
                .hasMessageContaining("is in use by pid " + ProcessHandle.current().pid() + " on host " + rec.get("host"))
                .hasMessageContaining("wait for it to finish");
        lock.close();
        lock.close(); // idempotent
        assertThat(file).doesNotExist();
        try (RunLock again = RunLock.acquire(run)) {
            assertThat(file).exists();
            assertThat(again.staleHolder()).isEmpty();
        }
    }

    /** Another JVM holds the operating system's lock; killed with SIGKILL, its leftover lock file is stale. */
    @Test
    void anotherProcessHoldsItUntilItIsKilled() throws Exception {
        Path holder = run.resolve("Hold.java");
        Files.writeString(holder, String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.*;",
                "public class Hold {",
                "  public static void main(String[] a) throws Exception {",
                "    FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);",
                "    ch.lock();",
                "    ch.write(java.nio.ByteBuffer.wrap((\"{\\\"pid\\\":\" + ProcessHandle.current().pid() + \",\\\"host\\\":\\\"elsewhere\\\"}\\n\").getBytes()));",
                "    System.out.println(\"locked\");",
                "    Thread.sleep(600_000);",
                "  }",
                "}"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), holder.toString(),
                run.resolve(RunLayout.LOCK).toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RunLock.acquire(run)).isInstanceOf(RunLock.HeldException.class)
                    .hasMessage("run folder " + run + " is in use by pid " + p.pid() + " on host elsewhere; wait for it to finish");
            assertThat(run.resolve(RunLayout.LOCK)).exists();
        } finally {
            p.destroyForcibly(); // SIGKILL: the lock file stays, the operating system's lock goes
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(run.resolve(RunLayout.LOCK)).exists();
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(lock.staleHolder()).hasValue("pid " + p.pid() + " on host elsewhere");
            assertThat(((Number) Json.readMap(run.resolve(RunLayout.LOCK)).get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(run.resolve(RunLayout.LOCK)).doesNotExist();
    }
}
