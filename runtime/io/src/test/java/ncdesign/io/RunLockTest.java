package ncdesign.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run folder: a second one (in this JVM or another) is refused with the holder named; a dead holder's
 * lock is taken over. The other processes are small Java programs run from source.
 */
class RunLockTest {
    @TempDir
    Path run;
    @TempDir
    Path programs;

    /** Runs {@code java Probe.java LOCKFILE}: prints "held" and the record, "free", or "absent", as another process sees the lock. */
    private List<String> probe() throws Exception {
        Path probe = programs.resolve("Probe.java");
        if (!Files.exists(probe)) {
            Files.writeString(probe, String.join("\n",
                    "import java.nio.channels.*;",
                    "import java.nio.file.*;",
                    "public class Probe {",
                    "  public static void main(String[] a) throws Exception {",
                    "    if (!Files.exists(Path.of(a[0]))) { System.out.println(\"absent\"); return; }",
                    "    try (FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {",
                    "      FileLock l = ch.tryLock();",
                    "      System.out.println(l == null ? \"held\" : \"free\");",
                    "      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) ch.size());",
                    "      ch.read(b, 0);",
                    "      System.out.print(new String(b.array()));",
                    "    }",
                    "  }",
                    "}"));
        }
        Process p = new ProcessBuilder(java(), probe.toString(), run.resolve(RunLayout.LOCK).toString()).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void heldAgainstThisJvmAndOtherProcessesUntilClosedThenRemoved() throws Exception {
        RunLock lock = RunLock.acquire(run);
        assertThat(lock.staleHolder()).isEmpty();
        String self = "is in use by pid " + ProcessHandle.current().pid() + " on host ";
        assertThatThrownBy(() -> RunLock.acquire(run.resolve(".").resolve("x").resolve("..")))
                .isInstanceOf(RunLock.HeldException.class)
                .hasMessageContaining(self)
                .hasMessageEndingWith("; wait for it to finish");
        // another process sees the operating system's lock held, and the record: this process and its host
        List<String> seen = probe();
        assertThat(seen.get(0)).isEqualTo("held");
        Map<String, Object> rec = Json.readMap(seen.get(1));
        assertThat(((Number) rec.get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
        assertThat(rec.get("host")).asString().isNotBlank();
        assertThat(probe().get(0)).as("still held after another process looked").isEqualTo("held");
        lock.close();
        lock.close(); // idempotent
        assertThat(run.resolve(RunLayout.LOCK)).doesNotExist();
        assertThat(probe()).containsExactly("absent");
        try (RunLock again = RunLock.acquire(run)) {
            assertThat(again.staleHolder()).isEmpty();
            assertThat(probe().get(0)).isEqualTo("held");
        }
    }

    /** Another JVM holds the operating system's lock; killed with SIGKILL, its leftover lock file is stale. */
    @Test
    void anotherProcessHoldsItUntilItIsKilled() throws Exception {
        Path holder = programs.resolve("Hold.java");
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
        Process p = new ProcessBuilder(java(), holder.toString(), run.resolve(RunLayout.LOCK).toString()).redirectErrorStream(true).start();
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
            List<String> seen = probe();
            assertThat(seen.get(0)).isEqualTo("held");
            assertThat(((Number) Json.readMap(seen.get(1)).get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(run.resolve(RunLayout.LOCK)).doesNotExist();
    }
}
