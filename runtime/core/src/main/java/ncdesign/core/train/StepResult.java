package ncdesign.core.train;

import java.util.Map;

/**
 * What one training step did, as the listeners see it.
 *
 * @param step        the steps done including this one (1 for the first step of a run)
 * @param epoch       the epoch the step belongs to
 * @param lr          the learning rate it ran at
 * @param batchSize   the samples it saw: the global batch with replicas, since loss and correct are job-wide
 * @param loss        mean loss over the batch (may be non-finite)
 * @param correct     correctly classified samples of the batch (0 without a classifier)
 * @param diagnostics the model's diagnostic counters for this step, in the model's order
 * @param skipped     whether the update was not applied (a non-finite loss or gradient under {@code --on-divergence
 *                    skip}, or a float16 overflow); such a step counts in no total
 */
public record StepResult(long step, int epoch, double lr, int batchSize, double loss, double correct,
                         Map<String, Double> diagnostics, boolean skipped) {

    public StepResult {
        diagnostics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diagnostics));
    }

    /** An applied step whose loss is not finite: training cannot go on from these weights. */
    public boolean diverged() {
        return !skipped && !Double.isFinite(loss);
    }
}
