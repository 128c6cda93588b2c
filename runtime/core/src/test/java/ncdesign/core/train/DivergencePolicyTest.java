package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import ncdesign.core.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --on-divergence: which steps stop the run, which are only counted, and what the message says. */
class DivergencePolicyTest {
    private static StepResult step(long n, double loss, boolean skipped) {
        return new StepResult(n, 3, 0.05, 128, loss, 100, Map.of(), skipped);
    }

    @Test
    void finiteStepsPassAndSkippedOnesAreCountedWhateverTheirLoss() {
        DivergencePolicy p = new DivergencePolicy(false, Path.of("runs/x/checkpoints"), Double.NaN, 100, 1000);
        assertThatCode(() -> {
            p.onStep(step(1, 2.3, false));
            p.onStep(step(2, Double.NaN, true));
            p.onStep(step(3, Double.POSITIVE_INFINITY, true));
            p.onStep(step(4, 1.9, true)); // not float16: a skipped step with a finite loss had a non-finite gradient
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
        DivergencePolicy p = new DivergencePolicy(false, checkpoints, 0.1, 10, 100);
        StepResult r = step(17, Double.NaN, false);
        assertThat(r.diverged()).isTrue();
        assertThatThrownBy(() -> p.onStep(r)).isInstanceOf(ConfigException.class)
                .hasMessage("training diverged at step 17 (epoch 3): loss = NaN; the last good checkpoint is in "
                        + checkpoints + "; try a lower --lr (now 0.0500000) or a higher --tau (now 0.1)");
        DivergencePolicy noTau = new DivergencePolicy(true, Path.of("c"), Double.NaN, 10, 100);
        assertThatThrownBy(() -> noTau.onStep(step(2, Double.NEGATIVE_INFINITY, false)))
                .hasMessageEndingWith("try a lower --lr (now 0.0500000)");
    }

    @Test
    void aRunThatDivergesBeforeItsFirstCheckpointSaysThereIsNone() throws Exception {
        // the folder exists from the start, but no checkpoint is in it (only a killed writer's temporary file)
        Path checkpoints = Files.createDirectories(dir.resolve("empty/checkpoints"));
        Files.writeString(checkpoints.resolve(".last.ckpt.tmp-1f"), "half a checkpoint");
        for (Path c : new Path[] {checkpoints, dir.resolve("none/checkpoints")}) {
            assertThatThrownBy(() -> new DivergencePolicy(false, c, Double.NaN, 10, 100).onStep(step(3, Double.NaN, false)))
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

    @Test
    void skippingMoreBatchesThanMaxSkippedAllowsStopsTheRunLikeADivergence() {
        DivergencePolicy p = new DivergencePolicy(false, Path.of("runs", "x", "checkpoints"), Double.NaN, 2, 200);
        assertThatCode(() -> {
            p.onStep(step(1, Double.NaN, true));
            p.onStep(step(2, 2.0, false));
            p.onStep(step(3, Double.NaN, true));
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> p.onStep(step(4, Double.NaN, true))).isInstanceOf(ConfigException.class)
                .hasMessage("3 batches skipped by step 4 (epoch 3), more than --max-skipped allows (2 of the run's 200 steps);"
                        + " the last one had loss = NaN; no checkpoint had been written yet, so there is none to resume from"
                        + "; try a lower --lr (now 0.0500000)"); // runs/x/checkpoints holds none
    }

    @Test
    void float16OverflowsDoNotCountAgainstTheBound() {
        DivergencePolicy p = new DivergencePolicy(true, Path.of("c"), Double.NaN, 0, 100);
        assertThatCode(() -> {
            for (int i = 1; i <= 5; i++) {
                p.onStep(step(i, 1.5, true)); // loss scaling's overflows: finite loss, skipped update
            }
        }).doesNotThrowAnyException();
        assertThat(p.skipped()).isZero();
        assertThatThrownBy(() -> p.onStep(step(6, Double.NaN, true))).hasMessageContaining("more than --max-skipped allows (0 of");
    }

    @Test
    void theSkipCountTravelsInCheckpointsSoAResumedRunHasTheSameBound() throws Exception {
        DivergencePolicy before = new DivergencePolicy(false, Path.of("c"), Double.NaN, 2, 100);
        before.onStep(step(1, Double.NaN, true));
        before.onStep(step(2, Double.NaN, true));
        DivergencePolicy resumed = new DivergencePolicy(false, Path.of("c"), Double.NaN, 2, 100);
        resumed.restore(before.state());
        assertThat(resumed.skipped()).isEqualTo(2);
        assertThatThrownBy(() -> resumed.onStep(step(3, Double.NaN, true))).hasMessageStartingWith("3 batches skipped by step 3");
    }

    @Test
    void maxSkippedIsACountOrAPercentageOfTheRunsSteps() {
        assertThat(cfg("1%").maxSkipped(936)).isEqualTo(9);
        assertThat(cfg("1%").maxSkipped(900)).isEqualTo(9);
        assertThat(cfg("0.5 %").maxSkipped(1000)).isEqualTo(5);
        assertThat(cfg("100%").maxSkipped(77)).isEqualTo(77);
        assertThat(cfg("20").maxSkipped(10)).isEqualTo(20);
        assertThat(cfg("0").maxSkipped(10)).isZero();
        assertThat(TrainConfig.resolve(null, Map.of(), Map.of(), Map.of()).maxSkipped(1000)).as("the default, 1%").isEqualTo(10);
        for (String bad : new String[] {"-1", "101%", "lots", "1.5", "%", "NaN%"}) {
            assertThatThrownBy(() -> cfg(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("--max-skipped must be a count of batches (e.g. 20) or a percentage of the run's steps"
                            + " from 0% to 100% (e.g. 1%), got '" + bad + "'");
        }
    }

    private static TrainConfig cfg(String maxSkipped) {
        return TrainConfig.resolve(null, Map.of("max-skipped", maxSkipped), Map.of(), Map.of());
    }
}
