package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.io.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two newest checkpoints of a run: which one a resumed run reads, and the running totals they carry exactly. */
class CheckpointsTest {
    @TempDir
    Path run;

    private void write(Path file, long step, Map<String, Double> state) throws Exception {
        Files.createDirectories(file.getParent());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("step", step);
        meta.put("epoch", (int) step / 10);
        meta.put("state", Checkpoints.stateMeta(state));
        new Checkpoint(meta, Map.of("w", new float[] {1, 2, 3}), Map.of("w", new long[] {3})).write(file);
    }

    private static long step(Checkpoints.Found f) {
        return ((Number) f.checkpoint().meta().get("step")).longValue();
    }

    @Test
    void theNewestIsReadAndACorruptOrMissingNewestFallsBackToThePreviousOne() throws Exception {
        Path last = RunLayout.lastCheckpoint(run);
        Path previous = RunLayout.previousCheckpoint(run);
        write(previous, 10, Map.of());
        write(last, 20, Map.of());
        assertThat(step(Checkpoints.newest(run))).isEqualTo(20);

        Files.write(last, new byte[0]); // a full disk or a crash left a 0-byte newest checkpoint
        Checkpoints.Found f = Checkpoints.newest(run);
        assertThat(f.file()).isEqualTo(previous);
        assertThat(step(f)).isEqualTo(10);
        assertThat(last).as("removed, so that the next checkpoint does not keep it as the previous one").doesNotExist();

        write(last, 20, Map.of());
        byte[] b = Files.readAllBytes(last);
        b[b.length / 2] ^= 0x5a; // a flipped byte: the checksum tells
        Files.write(last, b);
        assertThat(step(Checkpoints.newest(run))).isEqualTo(10);

        // killed between moving last.ckpt to previous.ckpt and renaming the new one into place: no last.ckpt
        assertThat(last).doesNotExist();
        assertThat(Checkpoints.newest(run).file()).isEqualTo(previous);
    }

    @Test
    void noReadableCheckpointIsOneLineNamingThem() throws Exception {
        assertThatThrownBy(() -> Checkpoints.newest(run)).isInstanceOf(DataException.class)
                .hasMessageContaining("has no checkpoint yet");
        Path last = RunLayout.lastCheckpoint(run);
        Files.createDirectories(last.getParent());
        Files.write(last, new byte[0]);
        assertThatThrownBy(() -> Checkpoints.newest(run)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("checkpoint " + last + " is corrupt")
                .hasMessageContaining("there is no earlier checkpoint to fall back to")
                .hasMessageNotContaining("delete it to restart from an earlier one");
        Files.write(RunLayout.previousCheckpoint(run), new byte[] {1, 2});
        assertThatThrownBy(() -> Checkpoints.newest(run)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("checkpoint " + RunLayout.previousCheckpoint(run) + " is corrupt")
                .hasMessageContaining("checkpoint " + last + " is corrupt");
    }

    @Test
    void runningTotalsComeBackBitForBit() throws Exception {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put("records.loss_sum", 0.1 + 0.2);
        state.put("records.big", 1.2345678901234567e10);
        state.put("records.tiny", 4.9e-324);
        state.put("records.none", Double.NaN);
        state.put("records.count", 17.0);
        write(RunLayout.lastCheckpoint(run), 5, state);
        assertThat(Checkpoints.state(Checkpoints.newest(run).checkpoint())).containsExactlyEntriesOf(state);
    }
}
