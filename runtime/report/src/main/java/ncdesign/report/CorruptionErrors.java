package ncdesign.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corruption-robustness scores of Hendrycks &amp; Dietterich (2019), as the paper's Table 5 reports them.
 * With E<sub>s,c</sub><sup>f</sup> the top-1 error of classifier f on corruption c at severity s:
 * <ul>
 *   <li>unnormalised corruption error: the mean over the severities, (1/S)·Σ<sub>s</sub> E<sub>s,c</sub><sup>f</sup>;</li>
 *   <li>normalised corruption error: CE<sub>c</sub><sup>f</sup> = Σ<sub>s</sub> E<sub>s,c</sub><sup>f</sup> /
 *       Σ<sub>s</sub> E<sub>s,c</sub><sup>baseline</sup> (the baseline scores 1, i.e. 100%);</li>
 *   <li>mCE: the mean of the per-corruption values over the corruptions (either kind).</li>
 * </ul>
 * Severities that were not evaluated are NaN in the arrays and are left out of both sums, so the baseline and the
 * model are always compared over the same severities.
 */
public final class CorruptionErrors {
    private CorruptionErrors() {
    }

    /**
     * The scores of one classifier.
     *
     * @param clean         clean test error
     * @param errors        per corruption, the error averaged over the evaluated severities
     * @param mce           mean of {@code errors} over the corruptions
     * @param normalised    per corruption, CE normalised by the baseline (empty without a baseline)
     * @param normalisedMce mean of {@code normalised} (NaN without a baseline)
     */
    public record Scores(double clean, Map<String, Double> errors, double mce, Map<String, Double> normalised, double normalisedMce) {
    }

    /** Mean over the evaluated (non-NaN) severities; NaN when none was evaluated. */
    public static double meanOverSeverities(double[] bySeverity) {
        double s = 0;
        int n = 0;
        for (double e : bySeverity) {
            if (!Double.isNaN(e)) {
                s += e;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * CE<sub>c</sub><sup>f</sup> = Σ<sub>s</sub> E<sup>f</sup> / Σ<sub>s</sub> E<sup>baseline</sup> over the severities both
     * evaluated; NaN when there are none or the baseline made no error at all.
     */
    public static double normalised(double[] model, double[] baseline) {
        if (model.length != baseline.length) {
            throw new IllegalArgumentException("severity arrays differ in length: " + model.length + " vs " + baseline.length);
        }
        double num = 0;
        double den = 0;
        int n = 0;
        for (int s = 0; s < model.length; s++) {
            if (!Double.isNaN(model[s]) && !Double.isNaN(baseline[s])) {
                num += model[s];
                den += baseline[s];
                n++;
            }
        }
        return n == 0 || den == 0 ? Double.NaN : num / den;
    }

    /** Mean of the non-NaN values; NaN when there are none. */
    public static double mean(Iterable<Double> values) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * All scores of one classifier.
     *
     * @param clean    its clean error
     * @param model    per corruption, its error at each severity (index s − 1; NaN = not evaluated)
     * @param baseline the baseline's errors in the same layout, or null for no normalisation
     */
    public static Scores score(double clean, Map<String, double[]> model, Map<String, double[]> baseline) {
        Map<String, Double> errors = new LinkedHashMap<>();
        Map<String, Double> norm = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : model.entrySet()) {
            errors.put(e.getKey(), meanOverSeverities(e.getValue()));
            if (baseline != null) {
                double[] b = baseline.get(e.getKey());
                norm.put(e.getKey(), b == null ? Double.NaN : normalised(e.getValue(), b));
            }
        }
        return new Scores(clean, errors, mean(errors.values()), norm, baseline == null ? Double.NaN : mean(norm.values()));
    }
}
