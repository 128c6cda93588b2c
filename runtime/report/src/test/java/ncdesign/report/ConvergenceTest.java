package ncdesign.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import ncdesign.api.error.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convergence rules on synthetic trajectories whose answers are known. */
class ConvergenceTest {
    static long[] steps(int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = 10L * i;
        }
        return s;
    }

    /** A %-of-optimum metric: value v, percent p = v (optimum 100). */
    static Convergence.Series pct(double... p) {
        return new Convergence.Series(steps(p.length), p.clone(), p.clone(), 100);
    }

    @Test
    void convergesWhereItEntersAndStaysAboveTheThreshold() {
        Convergence.Series s = pct(10, 50, 96, 90, 97, 98, 99, 99);
        // without smoothing: index 4 (the dip to 90 at index 3 resets it)
        assertThat(Convergence.convergedStep(s, 0, 95, 0)).isEqualTo(40);
        assertThat(Convergence.convergedStep(pct(10, 20, 30, 40), 0, 95, 0)).as("never").isEqualTo(-1);
        assertThat(Convergence.convergedStep(pct(99, 99, 99, 94), 0, 95, 0)).as("falls out at the end").isEqualTo(-1);
    }

    @Test
    void smoothingDelaysConvergenceOfANoisyTrajectory() {
        Random r = new Random(1);
        double[] p = new double[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i < 100 ? i : 98) + (r.nextBoolean() ? 2.5 : -2.5); // noisy plateau around 98, dips to 95.5
        }
        Convergence.Series s = pct(p);
        long raw = Convergence.convergedStep(s, 0, 95, 0);
        long smooth = Convergence.convergedStep(s, 0.8, 95, 0);
        assertThat(raw).isGreaterThanOrEqualTo(930).isLessThanOrEqualTo(1000);
        assertThat(smooth).isGreaterThan(raw - 50).isLessThanOrEqualTo(1100);
        double[] e = Convergence.ewma(new double[] {0, 10, 10}, 0.5);
        assertThat(e).containsExactly(0, 5, 7.5);
    }

    @Test
    void optimumZeroMetricsUseTheTolerance() {
        double[] v = {1.0, 0.5, 0.2, 0.04, 0.03, 0.06, 0.02, 0.01};
        Convergence.Series s = new Convergence.Series(steps(v.length), v, new double[v.length], 0);
        assertThat(Convergence.convergedStep(s, 0, 95, 0.05)).isEqualTo(60);
        assertThat(Convergence.convergedStep(s, 0, 95, 0.1)).isEqualTo(30);
        assertThat(Convergence.convergedStep(s, 0, 95, 0.001)).isEqualTo(-1);
    }

    @Test
    void reachingTheBaselinesFinalValue() {
        Convergence.Series baseline = pct(10, 20, 30, 40, 50, 60, 70, 80, 90, 91);
        Convergence.Series fast = pct(50, 92, 95, 99);
        assertThat(Convergence.reachesStep(fast, baseline, 0)).isEqualTo(10);
        assertThat(Convergence.reachesStep(pct(10, 20, 30), baseline, 0)).isEqualTo(-1);
        double[] bv = {1, 0.8, 0.6, 0.5};
        double[] rv = {1, 0.4, 0.3};
        Convergence.Series b0 = new Convergence.Series(steps(4), bv, new double[4], 0);
        Convergence.Series r0 = new Convergence.Series(steps(3), rv, new double[3], 0);
        assertThat(Convergence.reachesStep(r0, b0, 0)).isEqualTo(10);
    }

    @Test
    void readsATrajectoryFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("trajectory.jsonl"), String.join("\n",
                "{\"step\":0,\"epoch\":1,\"erank-inter\":1.0,\"erank-inter%\":0.0,\"erank-inter@opt\":9.0,\"nc4\":0.5}",
                "{\"step\":100,\"epoch\":1,\"erank-inter\":8.8,\"erank-inter%\":97.5,\"erank-inter@opt\":9.0,\"nc4\":0.1}") + "\n");
        var m = Convergence.read(dir);
        assertThat(m).containsOnlyKeys("erank-inter");
        assertThat(m.get("erank-inter").steps()).containsExactly(0, 100);
        assertThat(Convergence.convergedStep(m.get("erank-inter"), 0, 95, 0)).isEqualTo(100);
        assertThatThrownBy(() -> Convergence.read(dir.resolve("none"))).isInstanceOf(DataException.class).hasMessageContaining("--nc-every");
    }
}
