package ncdesign.data;

import java.util.SplittableRandom;

/** The noise family of {@link Corruptions}: gaussian, shot (Poisson) and impulse (salt-and-pepper) noise. */
final class NoiseCorruptions {
    private static final double[] GAUSSIAN = {0.04, 0.06, 0.08, 0.09, 0.10};
    private static final double[] SHOT = {500, 250, 100, 75, 50};
    private static final double[] IMPULSE = {0.01, 0.02, 0.03, 0.05, 0.07};

    private NoiseCorruptions() {
    }

    /** gaussian_noise at severity index s. */
    static float[] gaussian(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) (gauss(r) * GAUSSIAN[s]);
        }
        return y;
    }

    /** shot_noise at severity index s. */
    static float[] shot(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (poisson(r, x[i] * SHOT[s]) / SHOT[s]);
        }
        return y;
    }

    /** impulse_noise at severity index s. */
    static float[] impulse(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            if (r.nextDouble() < IMPULSE[s]) {
                y[i] = r.nextBoolean() ? 1f : 0f;
            }
        }
        return y;
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int poisson(SplittableRandom r, double lambda) {
        if (lambda > 60) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
