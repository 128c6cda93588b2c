package ncdesign.core.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line for training: epoch, step, loss, accuracy, images/s and ETA. Redrawn in place on a terminal;
 * on a pipe (CI, logs) it prints a plain line about every 10% of an epoch instead.
 */
public final class Progress implements TrainingListener {
    private final PrintStream out;
    private final boolean tty;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private long images;
    /** The run's length, and whether the model counts correct samples (else accuracy shows as -). */
    private final TrainLoop.Length length;
    private final boolean withAccuracy;
    /** The current epoch's running totals: steps (skipped ones too), then loss and correct over the applied ones. */
    private long inEpoch;
    private double lossSum;
    private double correct;
    private long seen;

    /** The progress line of a training loop of {@code length}; {@code withAccuracy} when the model counts correct samples. */
    Progress(PrintStream out, TrainLoop.Length length, boolean withAccuracy) {
        this.out = out;
        this.tty = System.console() != null && System.getenv("NCD_NO_TTY") == null;
        this.totalSteps = length.total();
        this.length = length;
        this.withAccuracy = withAccuracy;
    }

    @Override
    public void onTrainingBegin(long step, int epochsDone) {
        inEpoch = step - (long) epochsDone * length.perEpoch(); // > 0 in a run resumed within an epoch
    }

    @Override
    public void onEpochBegin(int epoch) {
        inEpoch = 0;
        lossSum = 0;
        correct = 0;
        seen = 0;
    }

    @Override
    public void onStep(StepResult r) {
        inEpoch++;
        if (r.skipped()) {
            return;
        }
        lossSum += r.loss() * r.batchSize();
        correct += r.correct();
        seen += r.batchSize();
        step(r.epoch(), length.lastEpoch(), r.step(), inEpoch, length.stepsIn(r.epoch()), r.batchSize(),
                lossSum / seen, withAccuracy ? correct / seen : Double.NaN);
    }

    void step(int epoch, int epochs, long step, long stepInEpoch, long stepsPerEpoch, int batch,
              double loss, double acc) {
        images += batch;
        long now = System.nanoTime();
        boolean last = stepInEpoch == stepsPerEpoch;
        boolean due = tty ? now - lastPrint > 200_000_000L
                : stepInEpoch % Math.max(1, stepsPerEpoch / 10) == 0;
        if (!due && !last) {
            return;
        }
        lastPrint = now;
        double secs = (now - startNanos) / 1e9;
        double rate = images / Math.max(secs, 1e-9);
        double eta = secs / Math.max(1, step) * (totalSteps - step);
        String line = String.format(Locale.ROOT, "epoch %d/%d  step %d/%d  loss %.4f  acc %s  %,.0f img/s  ETA %s",
                epoch, epochs, stepInEpoch, stepsPerEpoch, loss,
                Double.isNaN(acc) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * acc), rate, clock(eta));
        if (tty) {
            out.print("\r" + line + "   ");
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
