package ncdesign.core.train;

/**
 * Learning rate: linear warm-up over {@code warmupSteps}, then cosine decay from η0 to η0·1e-3 at the last step.
 */
record Schedule(double lr0, long warmupSteps, long totalSteps) {
    static final double FINAL_FRACTION = 1e-3;

    double at(long step) {
        if (step < warmupSteps) {
            return lr0 * (step + 1) / warmupSteps;
        }
        double min = lr0 * FINAL_FRACTION;
        long span = Math.max(1, totalSteps - warmupSteps - 1);
        double t = Math.min(1.0, (double) (step - warmupSteps) / span);
        return min + (lr0 - min) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
}
