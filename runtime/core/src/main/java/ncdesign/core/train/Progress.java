package ncdesign.core.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line for training: epoch, step, loss, accuracy, images/s and ETA. Redrawn in place on a terminal;
 * on a pipe (CI, logs) it prints a plain line about every 10% of an epoch instead.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean tty;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private long images;

    Progress(PrintStream out, long totalSteps) {
        this.out = out;
        this.tty = System.console() != null && System.getenv("NCD_NO_TTY") == null;
        this.totalSteps = totalSteps;
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
