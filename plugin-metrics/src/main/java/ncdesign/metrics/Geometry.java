package ncdesign.metrics;

import ncdesign.api.PluginException;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.stats.ClassStats;

/** Small shared helpers of the metric plugins (row sets of present classes, normalisation, percentages). */
final class Geometry {
    /**
     * A covariance whose trace is at most this counts as the zero matrix (effective rank 1). The metrics work on
     * unit vectors read from float32: a trace of 1e-12 is an RMS distance from the mean of 1e-6, about ten float32
     * ulps, so anything below it is the rounding of exactly collapsed data, whose spectrum is noise.
     */
    static final double ZERO_TRACE = 1e-12;

    private Geometry() {
    }

    /** Class means μ_c of the classes with samples, K' × d. */
    static double[][] presentMeans(ClassStats s) {
        int[] p = s.presentClasses();
        double[][] m = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            m[i] = s.means()[p[i]];
        }
        return m;
    }

    /** ŵ_c of the classes with samples, K' × d. */
    static double[][] presentWeights(ClassStats s, String metric) {
        double[][] w = s.weightsHat(metric);
        int[] p = s.presentClasses();
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = w[p[i]];
        }
        return out;
    }

    /** M̃: rows minus the mean of the rows (μ_c − μ̄ for class means). */
    static double[][] centred(double[][] rows, int d) {
        return Spectral.centreRows(rows, d);
    }

    /** v/‖v‖, or the zero vector when ‖v‖ ≤ tol. */
    static double[] normalised(double[] v, double tol) {
        double nrm = Spectral.norm(v);
        double[] out = new double[v.length];
        if (nrm > tol) {
            for (int j = 0; j < v.length; j++) {
                out[j] = v[j] / nrm;
            }
        }
        return out;
    }

    /** Frobenius norm. */
    static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            s += Spectral.dot(row, row);
        }
        return Math.sqrt(s);
    }

    /** Sample standard deviation (divide by n−1); 0 for fewer than 2 values. */
    static double sampleStd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double mean = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Coefficient of variation std/mean (sample std); 0 when every value is equal. */
    static double cv(double[] x) {
        double std = sampleStd(x);
        return std == 0 ? 0 : std / mean(x);
    }

    /**
     * {@code v} itself when it lies in the metric's mathematical range [lo, hi] (up to rounding, 1e-6 relative); else
     * the metric refuses, naming the value: a value outside its range comes from degenerate input (for MIR, every class
     * mean in one direction makes one entropy vanish), and no "% of optimum" may be given for it. NaN is refused too.
     */
    static double inRange(String metric, double v, double lo, double hi) {
        double scale = 1;
        if (Double.isFinite(lo)) {
            scale = Math.max(scale, Math.abs(lo));
        }
        if (Double.isFinite(hi)) {
            scale = Math.max(scale, Math.abs(hi));
        }
        double tol = 1e-6 * scale;
        if (!(v >= lo - tol && v <= hi + tol)) {
            throw new PluginException("metric '" + metric + "' computed " + v + ", outside its range [" + bound(lo) + ", " + bound(hi)
                    + "]: the features are degenerate for it (e.g. every class mean in one direction), so no value or % of optimum is given");
        }
        return v;
    }

    private static String bound(double b) {
        return Double.isInfinite(b) ? "inf" : b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
    }

    /** Clips a percentage to [0, 100]. */
    static double clip(double pct) {
        return Math.max(0, Math.min(100, pct));
    }

    /** 100·(v − worst)/(optimum − worst) clipped to [0, 100]; 100 when optimum = worst. */
    static double pctBetween(double v, double optimum, double worst) {
        if (optimum == worst) {
            return 100;
        }
        return clip(100 * (v - worst) / (optimum - worst));
    }
}
