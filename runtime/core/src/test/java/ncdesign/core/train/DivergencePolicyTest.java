package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --on-divergence: which steps stop the run, which are only counted, and what the message says. */
class DivergencePolicyTest {
    private static StepResult step(long n, double loss, boolean skipped) {
        return new StepResult(n, 3, 0.05, 128, loss, 100, Map.of(), skipped);
    }

    @Test
    void finiteStepsPassAndSkippedOnesAreCountedWhateverTheirLoss() {
        DivergencePolicy p = new DivergencePolicy(false, Path.of("runs/x/checkpoints"), Double.NaN);
        assertThatCode(() -> {
            p.onStep(step(1, 2.3, false));
            p.onStep(step(2, Double.NaN, true));
            p.onStep(step(3, Double.POSITIVE_INFINITY, true));
            p.onStep(step(4, 1.9, true)); // a float16 overflow: finite loss, skipped update
        }).doesNotThrowAnyException();
        assertThat(p.skipped()).isEqualTo(3);
        assertThat(step(2, Double.NaN, true).diverged()).isFalse();
    }

    @TempDir
    Path dir;

    @Test
    void anAppliedNonFiniteLossStopsTheRunNamingTheCheckpointTheLearningRateAndTheTemperature() throws Exception {
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(checkpoints.resolve("last.ckpt"), "a checkpoint");
        DivergencePolicy p = new DivergencePolicy(false, checkpoints, 0.1);
        StepResult r = step(17, Double.NaN, false);
        assertThat(r.diverged()).isTrue();
        assertThatThrownBy(() -> p.onStep(r)).isInstanceOf(ConfigException.class)
                .hasMessage("training diverged at step 17 (epoch 3): loss = NaN; the last good checkpoint is in "
                        + checkpoints + "; try a lower --lr (now 0.0500000) or a higher --tau (now 0.1)");
        DivergencePolicy noTau = new DivergencePolicy(true, Path.of("c"), Double.NaN);
        assertThatThrownBy(() -> noTau.onStep(step(2, Double.NEGATIVE_INFINITY, false)))
                .hasMessageEndingWith("try a lower --lr (now 0.0500000)");
    }

    @Test
    void aRunThatDivergesBeforeItsFirstCheckpointSaysThereIsNone() throws Exception {
        // the folder exists from the start, but no checkpoint is in it (only a killed writer's temporary file)
        Path checkpoints = Files.createDirectories(dir.resolve("empty/checkpoints"));
        Files.writeString(checkpoints.resolve(".last.ckpt.tmp-1f"), "half a checkpoint");
        for (Path c : new Path[] {checkpoints, dir.resolve("none/checkpoints")}) {
            assertThatThrownBy(() -> new DivergencePolicy(false, c, Double.NaN).onStep(step(3, Double.NaN, false)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("training diverged at step 3 (epoch 3): loss = NaN; no checkpoint had been written yet, so there is none"
                            + " to resume from; try a lower --lr (now 0.0500000)");
        }
    }

    @Test
    void aWorkerPointsAtTheChiefsCheckpoint() {
        DivergencePolicy p = DivergencePolicy.worker();
        assertThatCode(() -> p.onStep(step(5, Double.NaN, true))).doesNotThrowAnyException();
        assertThatThrownBy(() -> p.onStep(step(6, Double.POSITIVE_INFINITY, false))).isInstanceOf(ConfigException.class)
                .hasMessage("training diverged at step 6 (epoch 3): loss = Infinity; worker 0 keeps the last good checkpoint");
    }
}
