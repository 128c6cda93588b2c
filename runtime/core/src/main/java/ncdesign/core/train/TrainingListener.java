package ncdesign.core.train;

import java.io.IOException;
import java.util.Map;

/**
 * One concern of a training run (records, checkpoints, trajectories, the divergence policy, ...), called by
 * {@link TrainLoop} in the order the listeners were added. A listener that throws stops the run; later listeners
 * do not see that event.
 */
public interface TrainingListener {

    /**
     * What this listener must carry across a checkpoint to continue exactly as an uninterrupted run would (running
     * totals of the epoch and of the run), as numbers under keys unique to it; saved in every checkpoint.
     */
    default Map<String, Double> state() {
        return Map.of();
    }

    /** Before {@link #onTrainingBegin} of a resumed run: the {@link #state} saved in its checkpoint (all listeners' keys). */
    default void restore(Map<String, Double> state) throws IOException {
    }

    /** Before the first step; {@code step} and {@code epochsDone} are where the run starts (non-zero on resume). */
    default void onTrainingBegin(long step, int epochsDone) throws IOException {
    }

    /** Before the first step of an epoch; not called for the epoch a run resumed from a checkpoint within it continues. */
    default void onEpochBegin(int epoch) throws IOException {
    }

    /** Before a step, with {@code step} steps done so far. */
    default void onStepBegin(long step, int epoch) throws IOException {
    }

    /** After every step, skipped ones included. */
    default void onStep(StepResult r) throws IOException {
    }

    /** After the last step of {@code epoch}; {@code step} steps are done. */
    default void onEpochEnd(int epoch, long step) throws IOException {
    }

    /** After the last epoch (not when a listener stopped the run). */
    default void onTrainingEnd(long step, int epochsDone) throws IOException {
    }
}
