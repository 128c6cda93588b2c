package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes the run's checkpoints ({@link Checkpoints}): at the end of every epoch, before that epoch's test pass and
 * feature caches (so a crash or a full disk while they are written costs no training), and with
 * {@code --checkpoint-every N} also before every N-th step within an epoch. Each holds the listeners' running totals
 * ({@code state}), taken when every listener has seen every step the checkpoint includes.
 */
final class CheckpointWriter implements TrainingListener {
    private final TrainSession session;
    private final Path runDir;
    private final int every;
    private final Supplier<Map<String, Double>> state;
    /** The step of the newest checkpoint, so that one at an epoch's end is not written twice. */
    private long lastSaved = -1;

    /**
     * @param every steps between checkpoints within an epoch (0 = only at epochs' ends)
     * @param state the listeners' running totals when a checkpoint is written
     */
    CheckpointWriter(TrainSession session, RunFolder run, int every, Supplier<Map<String, Double>> state) {
        this.session = session;
        this.runDir = run.dir;
        this.every = every;
        this.state = state;
    }

    @Override
    public void onTrainingBegin(long step, int epochsDone) {
        lastSaved = step; // the checkpoint this run starts from (or fresh weights) needs no copy
    }

    @Override
    public void onStepBegin(long step, int epoch) throws IOException {
        // before the step: every listener has counted the steps done so far
        if (every > 0 && step % every == 0 && step != lastSaved) {
            save(step, epoch - 1);
        }
    }

    @Override
    public void onEpochEnd(int epoch, long step) throws IOException {
        save(step, epoch);
    }

    private void save(long step, int epochsDone) throws IOException {
        Checkpoints.save(session, runDir, step, epochsDone, state.get());
        lastSaved = step;
    }
}
