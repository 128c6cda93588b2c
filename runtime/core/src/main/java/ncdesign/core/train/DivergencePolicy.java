package ncdesign.core.train;

import java.nio.file.Path;
import java.util.Locale;
import ncdesign.api.error.ConfigException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code --on-divergence}: a step whose update was skipped is logged (the graph already dropped it), an applied step
 * with a non-finite loss stops the run with a message that says where the last good weights are and what to try.
 */
final class DivergencePolicy implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger(DivergencePolicy.class);

    private final boolean fp16;
    private final Path checkpoints;
    private final String tauHint;
    private long skipped;

    /**
     * @param fp16        float16 training, where skips are usually gradient overflows (logged at debug level)
     * @param checkpoints where the last good checkpoint is; null on a worker other than the chief, which neither
     *                    logs skips nor keeps checkpoints
     * @param tau         the loss's temperature, suggested in the message; NaN when the loss has none
     */
    DivergencePolicy(boolean fp16, Path checkpoints, double tau) {
        this.fp16 = fp16;
        this.checkpoints = checkpoints;
        this.tauHint = Double.isNaN(tau) ? "" : " or a higher --tau (now " + tau + ")";
    }

    /** The policy of a worker other than the chief: the chief logs the skips and keeps the checkpoints. */
    static DivergencePolicy worker() {
        return new DivergencePolicy(false, null, Double.NaN);
    }

    /** Steps skipped so far in this process. */
    long skipped() {
        return skipped;
    }

    @Override
    public void onStep(StepResult r) {
        if (r.skipped()) {
            skipped++;
            if (checkpoints == null) {
                return;
            }
            if (fp16 && Double.isFinite(r.loss())) {
                LOG.debug("step {}: float16 gradients overflowed; step skipped and the loss scale halved ({} so far)", r.step(), skipped);
            } else {
                LOG.warn("step {}: loss {} or a gradient is not finite; batch skipped ({} so far)", r.step(), r.loss(), skipped);
            }
            return;
        }
        if (!r.diverged()) {
            return;
        }
        if (checkpoints == null) {
            throw new ConfigException("training diverged at step " + r.step() + " (epoch " + r.epoch() + "): loss = " + r.loss()
                    + "; worker 0 keeps the last good checkpoint");
        }
        throw new ConfigException(String.format(Locale.ROOT,
                "training diverged at step %d (epoch %d): loss = %s; %s; try a lower --lr (now %g)%s",
                r.step(), r.epoch(), r.loss(), lastGood(), r.lr(), tauHint));
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
}
