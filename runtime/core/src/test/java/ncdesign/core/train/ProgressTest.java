package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line as a listener: skipped steps advance the step count but not the running loss and accuracy. */
class ProgressTest {
    private static StepResult step(long n, double loss, double correct, boolean skipped) {
        return new StepResult(n, 1, 0.1, 10, loss, correct, Map.of(), skipped);
    }

    @Test
    void skippedStepsCountAsStepsButNotInTheRunningMeans() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // 3 steps of 10: on a pipe (no console in tests) a line every step, since a tenth of an epoch is under one step
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), TrainLoop.Length.of(1, 10, 30, 0), true);
        p.onEpochBegin(1);
        p.onStep(step(1, 2.0, 5, false));
        p.onStep(step(2, Double.NaN, 0, true));
        p.onStep(step(3, 1.0, 10, false));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("epoch 1/1  step 1/3  loss 2.0000  acc 50.0%");
        assertThat(lines[1]).startsWith("epoch 1/1  step 3/3  loss 1.5000  acc 75.0%");
    }

    @Test
    void withoutAClassifierTheAccuracyIsADash() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), TrainLoop.Length.of(1, 10, 10, 0), false);
        p.onEpochBegin(1);
        p.onStep(step(1, 0.5, 0, false));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("epoch 1/1  step 1/1  loss 0.5000  acc -  ");
    }
}
