package ncdesign.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.api.param.Params;
import ncdesign.api.probe.LossProbe;
import ncdesign.api.probe.ProbeInputs;
import ncdesign.api.probe.ProbeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss against an independent float64 implementation of its formula: the value, and the gradients checked
 * against central finite differences of the reference (M = 64, K = 6, d = 10).
 */
class LossesTest {
    static final int M = 64;
    static final int K = 6;
    static final int D = 10;

    /** A reference formula over (features, weights, bias, second view). */
    interface Ref {
        double eval(double[][] z, double[][] w, double[] b, double[][] v, int[] y);
    }

    static double[][] gauss(Random r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }

    static int[] labels(Random r, int n, int k) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < k ? i : r.nextInt(k);
        }
        return y;
    }

    static Loss loss(LossProvider p, Map<String, Object> params) {
        return p.create(Params.resolve(p.name(), p.parameters(), params));
    }

    static Stream<Arguments> cases() {
        double tau = 0.5;
        return Stream.of(
                Arguments.of("ce", loss(new CrossEntropy.Provider(), Map.of()), (Ref) (z, w, b, v, y) -> Reference.ce(z, w, b, y), true, false),
                Arguments.of("normface", loss(new NormFace.Provider(), Map.of("tau", tau)),
                        (Ref) (z, w, b, v, y) -> Reference.normface(z, w, y, tau), false, false),
                Arguments.of("ntce", loss(new Ntce(), Map.of("tau", tau)),
                        (Ref) (z, w, b, v, y) -> Reference.anchored(z, w, y, tau, false), false, false),
                Arguments.of("nonl", loss(new Nonl(), Map.of("tau", tau)),
                        (Ref) (z, w, b, v, y) -> Reference.anchored(z, w, y, tau, true), false, false),
                Arguments.of("nonl-classes", loss(new Nonl(), Map.of("tau", tau, "negatives", "classes")),
                        (Ref) (z, w, b, v, y) -> Reference.nonlClasses(z, w, y, tau), false, false),
                Arguments.of("scl", loss(new Scl(), Map.of("tau", tau)),
                        (Ref) (z, w, b, v, y) -> Reference.scl(z, v, y, tau), false, true),
                Arguments.of("prototype", loss(new Prototype(), Map.of("tau", tau)),
                        (Ref) (z, w, b, v, y) -> Reference.prototype(z, v, y, K, tau, false), false, true),
                Arguments.of("prototype-normalized", loss(new Prototype(), Map.of("tau", tau, "normalize-means", true)),
                        (Ref) (z, w, b, v, y) -> Reference.prototype(z, v, y, K, tau, true), false, true),
                Arguments.of("etf-dr", loss(new EtfDr.Provider(), Map.of()), (Ref) (z, w, b, v, y) -> Reference.etfDr(z, w, y), false, false),
                Arguments.of("cosface", loss(new CosFace(), Map.of("tau", tau, "margin", 0.2)),
                        (Ref) (z, w, b, v, y) -> Reference.margin(z, w, y, tau, 0.2, false), false, false),
                Arguments.of("arcface", loss(new ArcFace(), Map.of("tau", tau, "margin", 0.3)),
                        (Ref) (z, w, b, v, y) -> Reference.margin(z, w, y, tau, 0.3, true), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientsMatchAnIndependentFloat64Implementation(String name, Loss loss, Ref ref, boolean bias, boolean twoViews) {
        Random r = new Random(name.hashCode());
        double[][] z = gauss(r, M, D);
        double[][] w = name.equals("etf-dr") ? SimplexEtf.rows(K, D, 3) : gauss(r, K, D);
        double[] b = bias ? gauss(r, 1, K)[0] : null;
        double[][] v = twoViews ? gauss(r, M, D) : null;
        int[] y = labels(r, M, K);
        ProbeInputs in = new ProbeInputs(z, y, K, loss.needs().classifier().hasWeights() ? w : null, b, v);
        ProbeResult res = LossProbe.evaluate(loss, in);
        double expected = ref.eval(z, w, b, v, y);
        assertThat(res.value()).as("value").isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));

        ProbeResult f32 = LossProbe.evaluate(loss, in, LossProbe.Precision.FLOAT32);
        assertThat(f32.value()).as("float32 value").isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));

        double h = 1e-6;
        for (int t = 0; t < 12; t++) {
            int i = r.nextInt(M);
            int j = r.nextInt(D);
            double g = fd(() -> ref.eval(z, w, b, v, y), z, i, j, h);
            assertThat(res.gradFeatures()[i][j]).as("d/dz[%d][%d]", i, j).isCloseTo(g, within(1e-5 * Math.max(1e-2, Math.abs(g))));
            if (v != null) {
                double gv = fd(() -> ref.eval(z, w, b, v, y), v, i, j, h);
                assertThat(res.gradSecondView()[i][j]).as("d/dv[%d][%d]", i, j).isCloseTo(gv, within(1e-5 * Math.max(1e-2, Math.abs(gv))));
            }
            if (in.weights() != null && !name.equals("etf-dr")) {
                int c = r.nextInt(K);
                double gw = fd(() -> ref.eval(z, w, b, v, y), w, c, j, h);
                assertThat(res.gradWeights()[c][j]).as("d/dw[%d][%d]", c, j).isCloseTo(gw, within(1e-5 * Math.max(1e-2, Math.abs(gw))));
            }
            if (b != null) {
                int c = r.nextInt(K);
                double[][] bb = {b};
                double gb = fd(() -> ref.eval(z, w, bb[0], v, y), bb, 0, c, h);
                assertThat(res.gradBias()[c]).isCloseTo(gb, within(1e-5 * Math.max(1e-2, Math.abs(gb))));
            }
        }
    }

    /** Central finite difference of f with respect to x[i][j]. */
    static double fd(java.util.function.DoubleSupplier f, double[][] x, int i, int j, double h) {
        double keep = x[i][j];
        x[i][j] = keep + h;
        double up = f.getAsDouble();
        x[i][j] = keep - h;
        double down = f.getAsDouble();
        x[i][j] = keep;
        return (up - down) / (2 * h);
    }

    @Test
    void nonlWithASingleClassBatchHasZeroLossAndCountsEverySample() {
        Random r = new Random(1);
        double[][] z = gauss(r, 16, D);
        int[] y = new int[16];
        java.util.Arrays.fill(y, 2);
        ProbeResult res = LossProbe.evaluate(loss(new Nonl(), Map.of()), ProbeInputs.of(z, y, K, gauss(r, K, D)));
        assertThat(res.value()).isZero();
        assertThat(res.diagnostics()).containsEntry("samples-without-negatives", 16.0);
        for (double[] row : res.gradFeatures()) {
            for (double g : row) {
                assertThat(g).isFinite().isZero();
            }
        }
    }

    @Test
    void nonlAndSclWithAClassSeenOnce() {
        Random r = new Random(2);
        double[][] z = gauss(r, 12, D);
        double[][] v = gauss(r, 12, D);
        double[][] w = gauss(r, K, D);
        int[] y = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 5}; // class 5 appears once, class 4 not at all
        double tau = 0.1;
        ProbeResult nonl = LossProbe.evaluate(loss(new Nonl(), Map.of("tau", tau)), ProbeInputs.of(z, y, K, w));
        assertThat(nonl.value()).isCloseTo(Reference.anchored(z, w, y, tau, true), within(1e-9));
        assertThat(nonl.diagnostics()).containsEntry("samples-without-negatives", 0.0);
        ProbeResult scl = LossProbe.evaluate(loss(new Scl(), Map.of("tau", tau)),
                new ProbeInputs(z, y, K, null, null, v));
        assertThat(scl.value()).isCloseTo(Reference.scl(z, v, y, tau), within(1e-9));
        ProbeResult proto = LossProbe.evaluate(loss(new Prototype(), Map.of("tau", tau)),
                new ProbeInputs(z, y, K, null, null, v));
        assertThat(proto.value()).isCloseTo(Reference.prototype(z, v, y, K, tau, false), within(1e-9));
    }

    @Test
    void lowTemperatureStaysFinite() {
        Random r = new Random(3);
        double[][] z = gauss(r, 32, D);
        double[][] w = gauss(r, K, D);
        int[] y = labels(r, 32, K);
        for (LossProvider p : new LossProvider[] {new NormFace.Provider(), new Ntce(), new Nonl(),
            new CosFace(), new ArcFace()}) {
            ProbeResult res = LossProbe.evaluate(loss(p, Map.of("tau", 0.01)), ProbeInputs.of(z, y, K, w), LossProbe.Precision.FLOAT32);
            assertThat(res.value()).as(p.name()).isFinite();
            for (double[] row : res.gradFeatures()) {
                for (double g : row) {
                    assertThat(g).as(p.name()).isFinite();
                }
            }
        }
    }
}
