package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 12 of issue 21: a truncated or corrupt line in a run's records is one {@code ncd: error:} line naming the file
 * and the line for every command that reads it back; {@code --resume} drops a truncated last line of the records it
 * owns, with a notice; a truncated summary.json does not make a sweep cell finished.
 */
class TruncatedRecordsTest {
    @TempDir
    Path work;

    /** Cuts the last {@code n} characters of a file (and its final newline): what a writer killed mid-line leaves. */
    private static void cut(Path file, int n) throws Exception {
        String s = Files.readString(file).stripTrailing();
        Files.writeString(file, s.substring(0, s.length() - n));
    }

    private static void assertOneLine(Ncd.Run r, String... parts) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().lines().filter(l -> l.startsWith("ncd:")).toList()).singleElement().asString().startsWith("ncd: error: ")
                .contains(parts);
    }

    @Test
    void reportConvergeAndResumeNameTheFileAndLine() throws Exception {
        Ncd.Run t = Cli.run(work, 300, RunFolderTest.tiny("--epochs", "2", "--nc-every", "8", "--nc-subset", "256", "--name", "r"));
        assertThat(t.exit()).as(t.err()).isZero();
        Path run = work.resolve("runs/r");
        Path summary = RunLayout.summary(run);
        Path metrics = RunLayout.metricsJsonl(run);
        Path trajectory = RunLayout.trajectoryJsonl(run);
        String summaryText = Files.readString(summary);
        String metricsText = Files.readString(metrics);
        List<String> points = Files.readAllLines(trajectory);
        assertThat(points).hasSize(9); // steps 0, 8, ..., 64

        cut(summary, summaryText.length() / 2);
        assertOneLine(Cli.run(work, 120, "report", "runs/r", "--out", "rep"), summary + ", line 1: ", "truncated");
        Files.writeString(summary, summaryText);

        Files.writeString(metrics, metricsText.replaceFirst("\"step\"", "\"st"));
        assertOneLine(Cli.run(work, 120, "report", "runs/r", "--out", "rep"), metrics + ", line 1: ", "truncated");
        assertOneLine(Cli.run(work, 300, "train", "--resume", "runs/r"), metrics + ", line 1: ");
        Files.writeString(metrics, metricsText);

        cut(trajectory, 12);
        assertOneLine(Cli.run(work, 120, "converge", "runs/r"), trajectory + ", line 9: ");
        assertOneLine(Cli.run(work, 120, "report", "runs/r", "--out", "rep"), trajectory + ", line 9: ");

        // resuming repairs what the run owns: the truncated last lines are dropped (the last point is measured again)
        cut(metrics, 20);
        Ncd.Run resumed = Cli.run(work, 300, "train", "--resume", "runs/r");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains(trajectory + ", line 9: ").contains(metrics + ", line 2: ").contains("dropped");
        assertThat(Files.readString(run.resolve(RunLayout.LOG))).contains(trajectory + ", line 9: ");
        assertThat(Json.readLines(trajectory)).hasSize(9);
        assertThat(Files.readAllLines(trajectory)).isEqualTo(points);
        // the dropped record of the checkpointed last epoch is written again (its timing fields are new)
        List<String> records = Files.readAllLines(metrics);
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isEqualTo(metricsText.lines().findFirst().orElseThrow());
        assertThat(records.get(1)).startsWith("{\"epoch\":2,\"step\":64,");
        assertThat(Cli.run(work, 120, "report", "runs/r", "--out", "rep").exit()).isZero();
    }

    @Test
    void aTruncatedSummaryDoesNotFinishASweepCell() throws Exception {
        Files.writeString(work.resolve("sweep.yaml"), String.join("\n",
                "base: {dataset: synthetic, backbone: mlp, backbone-params: {widths: [32]}, loss: ce, epochs: 1, batch: 64,",
                "       evaluators: none, metrics: erank-inter, nc-every: 0}",
                "grid: {seed: [1]}") + "\n");
        Ncd.Run first = Cli.run(work, 300, "sweep", "sweep.yaml", "--out", "sw");
        assertThat(first.exit()).as(first.err()).isZero();
        Path summary = work.resolve("sw/seed1").resolve(RunLayout.SUMMARY);
        cut(summary, 30);

        Ncd.Run again = Cli.run(work, 300, "sweep", "sweep.yaml", "--out", "sw");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("finished earlier").contains(summary + ", line 1: ").contains("runs again");
        assertThat(Json.readMap(summary)).containsKey("metrics");
        assertThat(again.out()).contains("sweep-summary.csv");
    }
}
