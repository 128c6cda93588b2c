package ncdesign.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.io.Json;
import ncdesign.io.JsonFileException;
import ncdesign.io.RunLayout;

/**
 * The convergence rules behind the paper's Table 7, applied to metric trajectories:
 * <ul>
 *   <li>the trajectory is smoothed with an exponentially weighted moving average, s_t = α·s_{t−1} + (1 − α)·x_t;</li>
 *   <li><b>converged</b>: the first step from which the smoothed "% of optimum" stays at or above the threshold
 *       (95% by default) until the end; for metrics whose optimum is 0, the first step from which the smoothed value
 *       stays at or below a tolerance;</li>
 *   <li><b>reaches the baseline</b>: the first step at which the smoothed run is at least as close to the optimum as
 *       the baseline's final smoothed value, reported as a percentage of the baseline's steps.</li>
 * </ul>
 */
public final class Convergence {
    private Convergence() {
    }

    /**
     * One metric's trajectory.
     *
     * @param steps   training steps of the points
     * @param values  metric values
     * @param percent "% of optimum" at each point (NaN when the metric has none)
     * @param optimum the optimum
     */
    public record Series(long[] steps, double[] values, double[] percent, double optimum) {
        /** Whether closeness is judged on the raw value (optimum 0) rather than on % of optimum. */
        boolean zeroOptimum() {
            return optimum == 0;
        }

        /** The quantity compared: % of optimum (higher is better), or minus the value for optimum-0 metrics. */
        double[] score() {
            double[] s = new double[values.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = zeroOptimum() ? -values[i] : percent[i];
            }
            return s;
        }
    }

    /** EWMA with smoothing α (0 = no smoothing). */
    public static double[] ewma(double[] x, double alpha) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = i == 0 ? x[0] : alpha * s[i - 1] + (1 - alpha) * x[i];
        }
        return s;
    }

    /** The first index from which {@code s[j] >= bound} holds for every later j, or -1. */
    static int staysAtLeast(double[] s, double bound) {
        int first = -1;
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] >= bound) {
                first = i;
            } else {
                break;
            }
        }
        return first;
    }

    /** Step at which the series converges, or -1 when it never does. */
    public static long convergedStep(Series s, double alpha, double thresholdPercent, double tolerance) {
        double[] sm = ewma(s.score(), alpha);
        int i = staysAtLeast(sm, s.zeroOptimum() ? -tolerance : thresholdPercent);
        return i < 0 ? -1 : s.steps()[i];
    }

    /** First step at which the run is as close to the optimum as the baseline's final smoothed value, or -1. */
    public static long reachesStep(Series run, Series baseline, double alpha) {
        double[] b = ewma(baseline.score(), alpha);
        double target = b[b.length - 1];
        double[] r = ewma(run.score(), alpha);
        for (int i = 0; i < r.length; i++) {
            if (r[i] >= target) {
                return run.steps()[i];
            }
        }
        return -1;
    }

    /** Reads {@code trajectory.jsonl} of a run into one series per metric that has an optimum. */
    public static Map<String, Series> read(Path runDir) {
        Path f = RunLayout.trajectoryJsonl(runDir);
        if (!Files.isRegularFile(f)) {
            throw new DataException(runDir + " has no " + RunLayout.TRAJECTORY_JSONL + "; train it with --nc-every N to record NC metrics during training");
        }
        List<Map<String, Object>> rows;
        try {
            rows = Json.readLines(f);
        } catch (JsonFileException e) {
            throw new DataException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new DataException(f + " is unreadable: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new DataException(f + " is empty");
        }
        Map<String, Series> out = new LinkedHashMap<>();
        for (String key : rows.get(0).keySet()) {
            if (!rows.get(0).containsKey(key + "@opt")) {
                continue;
            }
            int n = rows.size();
            long[] steps = new long[n];
            double[] v = new double[n];
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                Map<String, Object> r = rows.get(i);
                steps[i] = ((Number) r.get("step")).longValue();
                v[i] = num(r.get(key));
                p[i] = num(r.get(key + "%"));
            }
            out.put(key, new Series(steps, v, p, num(rows.get(0).get(key + "@opt"))));
        }
        return out;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
