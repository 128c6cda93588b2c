package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3 τ × 2 batch sweep that is killed and restarted finishes every cell without redoing finished ones. */
@Tag("slow")
class SweepTest {
    @TempDir
    Path work;

    @Test
    void survivesBeingInterruptedAndRestarted() throws Exception {
        Files.writeString(work.resolve("sweep.yaml"), String.join("\n",
                "base: {dataset: synthetic, backbone: mlp, backbone-params: {widths: [64]}, loss: nonl, epochs: 4,",
                "       evaluators: none, metrics: 'erank-inter,align-weight-instance', nc-every: 0}",
                "grid: {tau: [0.1, 0.2, 0.5], batch: [32, 64]}") + "\n");
        Process p = Ncd.start(work, work.resolve("o.txt"), work.resolve("e.txt"), "sweep", "sweep.yaml", "--out", "sw");
        Path first = work.resolve("sw/tau0.1_batch32/summary.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // let the next cell start, then interrupt it
        p.destroyForcibly();
        p.waitFor();
        assertThat(first).as(Files.readString(work.resolve("e.txt"))).exists();
        FileTime before = Files.getLastModifiedTime(first);
        assertThat(Files.exists(work.resolve("sw/tau0.5_batch64/summary.json"))).as("interrupted before the end").isFalse();

        // the restart and the report need no process of their own: they run in this JVM
        Ncd.Run r = Cli.run(work, 600, "sweep", "sweep.yaml", "--out", "sw");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("finished earlier, skipped");
        assertThat(Files.getLastModifiedTime(first)).isEqualTo(before);
        for (String tau : new String[] {"0.1", "0.2", "0.5"}) {
            for (String b : new String[] {"32", "64"}) {
                assertThat(work.resolve("sw/tau" + tau + "_batch" + b + "/summary.json")).exists();
            }
        }
        assertThat(r.out()).contains("{tau=0.5, batch=64}").contains("±");
        assertThat(work.resolve("sw/phase-diagram.png")).exists();
        assertThat(Files.readAllLines(work.resolve("sw/sweep-summary.csv"))).hasSize(7);
        Ncd.Run rep = Cli.run(work, 120, "report", "sw", "sw/tau0.1_batch32", "--out", "rep");
        assertThat(rep.exit()).as(rep.err()).isZero();
        assertThat(Files.readString(work.resolve("rep/report.html"))).contains("Figure 3").contains("{tau=0.5, batch=64}");
    }
}
