package ncdesign.core.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code --on-divergence}: an applied step with a non-finite loss stops the run with a message that says where the
 * last good weights are and what to try. A step whose update was skipped (the graph already dropped it) is counted,
 * and each epoch that skipped any says so in one line; more skips than {@code --max-skipped} allows stop the run the
 * same way, since a run that skips most of its batches has not trained. Float16 overflows, which loss scaling
 * skips as part of its work, are counted in the records but not against the bound.
 */
final class DivergencePolicy implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger(DivergencePolicy.class);
    private static final String KEY = "divergence.skipped";

    private final boolean fp16;
    private final Path checkpoints;
    private final String tauHint;
    private final long maxSkipped;
    private final long totalSteps;
    /** Non-finite batches skipped in the run (restored from a checkpoint on resume), and in the current epoch. */
    private long skipped;
    private long skippedInEpoch;
    private long overflowsInEpoch;
    private long stepsInEpoch;

    /**
     * @param fp16        float16 training, where skips with a finite loss are gradient overflows of loss scaling
     * @param checkpoints where the last good checkpoint is; null on a worker other than the chief, which neither
     *                    logs skips nor keeps checkpoints
     * @param tau         the loss's temperature, suggested in the message; NaN when the loss has none
     * @param maxSkipped  the most non-finite batches the run may skip ({@code --max-skipped})
     * @param totalSteps  the run's steps, for the message
     */
    DivergencePolicy(boolean fp16, Path checkpoints, double tau, long maxSkipped, long totalSteps) {
        this.fp16 = fp16;
        this.checkpoints = checkpoints;
        this.tauHint = Double.isNaN(tau) ? "" : " or a higher --tau (now " + tau + ")";
        this.maxSkipped = maxSkipped;
        this.totalSteps = totalSteps;
    }

    /** The policy of a worker other than the chief: the chief logs the skips, bounds them and keeps the checkpoints. */
    static DivergencePolicy worker() {
        return new DivergencePolicy(false, null, Double.NaN, Long.MAX_VALUE, 0);
    }

    /** Non-finite batches skipped so far in the run. */
    long skipped() {
        return skipped;
    }

    @Override
    public Map<String, Double> state() {
        return Map.of(KEY, (double) skipped);
    }

    @Override
    public void restore(Map<String, Double> state) {
        skipped = state.getOrDefault(KEY, 0.0).longValue();
    }

    @Override
    public void onEpochBegin(int epoch) {
        skippedInEpoch = 0;
        overflowsInEpoch = 0;
        stepsInEpoch = 0;
    }

    @Override
    public void onStep(StepResult r) {
        stepsInEpoch++;
        if (r.skipped()) {
            if (fp16 && Double.isFinite(r.loss())) {
                overflowsInEpoch++;
                LOG.debug("step {}: float16 gradients overflowed; step skipped and the loss scale halved", r.step());
                return;
            }
            skipped++;
            skippedInEpoch++;
            LOG.debug("step {}: loss {} or a gradient is not finite; batch skipped ({} so far)", r.step(), r.loss(), skipped);
            if (skipped > maxSkipped) {
                throw stop(r, String.format(Locale.ROOT, "%d batch%s skipped by step %d (epoch %d), more than --max-skipped allows"
                        + " (%d of the run's %d steps); the last one had loss = %s", skipped, skipped == 1 ? "" : "es", r.step(),
                        r.epoch(), maxSkipped, totalSteps, r.loss()));
            }
            return;
        }
        if (r.diverged()) {
            throw stop(r, "training diverged at step " + r.step() + " (epoch " + r.epoch() + "): loss = " + r.loss());
        }
    }

    private ConfigException stop(StepResult r, String what) {
        if (checkpoints == null) {
            return new ConfigException(what + "; worker 0 keeps the last good checkpoint");
        }
        return new ConfigException(String.format(Locale.ROOT, "%s; %s; try a lower --lr (now %g)%s",
                what, lastGood(), r.lr(), tauHint));
    }

    /** Where the last good weights are, or that there are none yet: a run can diverge before its first checkpoint. */
    private String lastGood() {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(checkpoints)) {
            if (s.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"))) {
                return "the last good checkpoint is in " + checkpoints;
            }
        } catch (java.io.IOException e) {
            // no checkpoints folder (yet): nothing was saved
        }
        return "no checkpoint had been written yet, so there is none to resume from";
    }

    @Override
    public void onEpochEnd(int epoch, long step) {
        if (checkpoints == null) {
            return;
        }
        if (skippedInEpoch > 0) {
            LOG.warn("epoch {}: {} of {} batches skipped (non-finite loss or gradient), {} in the run so far (--max-skipped allows {})",
                    epoch, skippedInEpoch, stepsInEpoch, skipped, maxSkipped);
        }
        if (overflowsInEpoch > 0) {
            LOG.info("epoch {}: {} float16 overflows skipped by loss scaling", epoch, overflowsInEpoch);
        }
    }
}
