package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ncdesign.io.RunLayout;

/**
 * Writes placement.json, what the first traced step executed where, once per run folder (a resumed run keeps the
 * first run's). The session traces that step; this only records it, even when the step is then skipped or diverges.
 */
final class PlacementTracer implements TrainingListener {
    private final TrainSession session;
    private final Path file;
    private boolean written;

    PlacementTracer(TrainSession session, RunFolder run) {
        this.session = session;
        this.file = run.dir.resolve(RunLayout.PLACEMENT);
        this.written = Files.exists(file); // checked once, not every step
    }

    @Override
    public void onStep(StepResult r) throws IOException {
        if (!written && session.placement() != null) {
            ncdesign.io.AtomicFiles.writeString(file, ncdesign.io.Json.write(session.placement().json()) + "\n");
            written = true;
        }
    }
}
