package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Path;
import ncdesign.io.RunLayout;

/** Saves checkpoints/last.ckpt after every epoch, the point {@code ncd train --resume} continues from. */
final class CheckpointWriter implements TrainingListener {
    private final TrainSession session;
    private final Path file;

    CheckpointWriter(TrainSession session, RunFolder run) {
        this.session = session;
        this.file = RunLayout.lastCheckpoint(run.dir);
    }

    @Override
    public void onEpochEnd(int epoch, long step) throws IOException {
        session.saveCheckpoint(file, step, epoch);
    }
}
