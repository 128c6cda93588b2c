package ncdesign.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mCE arithmetic on a case small enough to check by hand. */
class CorruptionErrorsTest {
    private static final double NAN = Double.NaN;

    @Test
    void unnormalisedAndNormalisedMceByHand() {
        Map<String, double[]> model = new LinkedHashMap<>();
        model.put("gaussian_noise", new double[] {0.1, 0.2, 0.3, 0.4, 0.5}); // sum 1.5, mean 0.3
        model.put("contrast", new double[] {0.2, 0.2, 0.2, 0.2, 0.2});       // sum 1.0, mean 0.2
        Map<String, double[]> base = new LinkedHashMap<>();
        base.put("gaussian_noise", new double[] {0.4, 0.4, 0.4, 0.4, 0.4}); // sum 2.0
        base.put("contrast", new double[] {0.1, 0.1, 0.1, 0.1, 0.1});       // sum 0.5

        CorruptionErrors.Scores s = CorruptionErrors.score(0.05, model, base);
        assertThat(s.clean()).isEqualTo(0.05);
        assertThat(s.errors().get("gaussian_noise")).isCloseTo(0.3, within(1e-12));
        assertThat(s.errors().get("contrast")).isCloseTo(0.2, within(1e-12));
        assertThat(s.mce()).isCloseTo(0.25, within(1e-12));                    // (0.3 + 0.2) / 2
        assertThat(s.normalised().get("gaussian_noise")).isCloseTo(0.75, within(1e-12)); // 1.5 / 2.0
        assertThat(s.normalised().get("contrast")).isCloseTo(2.0, within(1e-12));        // 1.0 / 0.5
        assertThat(s.normalisedMce()).isCloseTo(1.375, within(1e-12));          // (0.75 + 2.0) / 2

        // the baseline normalised by itself is 1 everywhere
        CorruptionErrors.Scores b = CorruptionErrors.score(0.1, base, base);
        assertThat(b.normalised().values()).allSatisfy(v -> assertThat(v).isCloseTo(1.0, within(1e-12)));
        assertThat(b.normalisedMce()).isCloseTo(1.0, within(1e-12));

        // no baseline: no normalised scores
        CorruptionErrors.Scores u = CorruptionErrors.score(0.05, model, null);
        assertThat(u.normalised()).isEmpty();
        assertThat(u.normalisedMce()).isNaN();
        assertThat(u.mce()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void onlySeveritiesEvaluatedForBothCountAndAZeroBaselineIsNotADivision() {
        // severities 2 and 4 only: (0.2 + 0.4) / (0.1 + 0.3) = 1.5; the baseline's other severities must not count
        assertThat(CorruptionErrors.normalised(new double[] {NAN, 0.2, NAN, 0.4, NAN}, new double[] {0.5, 0.1, 0.5, 0.3, 0.5}))
                .isCloseTo(1.5, within(1e-12));
        assertThat(CorruptionErrors.meanOverSeverities(new double[] {NAN, 0.2, NAN, 0.4, NAN})).isCloseTo(0.3, within(1e-12));
        assertThat(CorruptionErrors.normalised(new double[] {0.1, 0.1}, new double[] {0, 0})).isNaN();
        assertThat(CorruptionErrors.meanOverSeverities(new double[] {NAN, NAN})).isNaN();
        // a corruption the baseline could not be normalised on is left out of the normalised mCE, not counted as 0
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("fog", new double[] {0.3});
        m.put("contrast", new double[] {0.2});
        Map<String, double[]> base = new LinkedHashMap<>();
        base.put("fog", new double[] {0.6});
        base.put("contrast", new double[] {0.0});
        CorruptionErrors.Scores s = CorruptionErrors.score(0, m, base);
        assertThat(s.normalised().get("contrast")).isNaN();
        assertThat(s.normalisedMce()).isCloseTo(0.5, within(1e-12));
    }
}
