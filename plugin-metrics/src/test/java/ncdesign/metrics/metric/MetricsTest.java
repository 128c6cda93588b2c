package ncdesign.metrics.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ncdesign.api.PluginException;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.metrics.linalg.SymEigen;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final List<MetricProvider> ALL = List.of(new Metrics.Accuracy(), new Metrics.NccAccuracy(),
            new Metrics.ErankIntra(), new Metrics.ErankInter(), new Metrics.ErankWeights(),
            new Metrics.AlignWeightInstance(), new Metrics.AlignWeightClass(), new Metrics.AlignInstance(),
            new Metrics.Mir(), new Metrics.Hdr(), new Metrics.Nc1(), new Metrics.Nc2(), new Metrics.Nc3(), new Metrics.Nc4());

    static Map<String, MetricValue> all(FeatureSet fs) {
        Map<String, MetricValue> out = new LinkedHashMap<>();
        for (MetricProvider p : ALL) {
            for (MetricValue v : p.create(Params.defaults(p.name(), p.parameters())).compute(fs)) {
                out.put(v.name(), v);
            }
        }
        return out;
    }

    /** K classes at the vertices of a simplex ETF in d dimensions, per-class copies scaled by random factors. */
    static TestSet etfSet(int k, int d, int perClass, long seed) {
        double[][] m = SimplexEtf.rows(k, d, seed);
        Random r = new Random(seed);
        int n = k * perClass;
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            double scale = 0.5 + r.nextDouble() * 3;
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (m[y[i]][j] * scale);
            }
        }
        float[][] w = new float[k][d];
        for (int c = 0; c < k; c++) {
            double scale = 0.1 + r.nextDouble();
            for (int j = 0; j < d; j++) {
                w[c][j] = (float) (m[c][j] * scale);
            }
        }
        return new TestSet(f, d, y, k, w, null);
    }

    @Test
    void exactSimplexEtfIsOptimalOnEveryMetric() {
        Map<String, MetricValue> v = all(etfSet(10, 16, 5, 3));
        assertThat(v.get("erank-inter").value()).isCloseTo(9, within(1e-3));
        assertThat(v.get("erank-inter").optimum()).isEqualTo(9);
        assertThat(v.get("erank-weights").value()).isCloseTo(9, within(1e-3));
        assertThat(v.get("erank-intra").value()).isCloseTo(1, within(1e-9));
        assertThat(v.get("align-weight-instance").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("align-weight-class").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("align-instance").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("hdr").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("mir").value()).isCloseTo(v.get("mir").optimum(), within(1e-9));
        assertThat(v.get("mir").optimum()).isCloseTo(0.952, within(0.001));
        assertThat(v.get("nc1").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("nc2-etf-distance").value()).isCloseTo(0, within(1e-6));
        assertThat(v.get("nc2-equinorm-means").value()).isCloseTo(0, within(1e-6));
        assertThat(v.get("nc2-equiangular-std").value()).isCloseTo(0, within(1e-6));
        assertThat(v.get("nc3").value()).isCloseTo(0, within(1e-9));
        assertThat(v.get("nc4").value()).isZero();
        assertThat(v.get("accuracy").value()).isEqualTo(1);
        assertThat(v.get("ncc-accuracy").value()).isEqualTo(1);
        for (String name : List.of("erank-inter", "erank-weights", "erank-intra", "align-weight-instance", "hdr", "mir", "nc3")) {
            assertThat(v.get(name).percentOfOptimum()).as(name).isCloseTo(100, within(0.05));
        }
    }

    static TestSet gaussian(int n, int k, int d, int rank, long seed) {
        Random r = new Random(seed);
        double[][] basis = new double[rank][d];
        for (double[] b : basis) {
            for (int j = 0; j < d; j++) {
                b[j] = r.nextGaussian();
            }
        }
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int a = 0; a < rank; a++) {
                double c = r.nextGaussian() + (a == y[i] % rank ? 2 : 0);
                for (int j = 0; j < d; j++) {
                    f[i * d + j] += (float) (c * basis[a][j]);
                }
            }
        }
        float[][] w = new float[k][d];
        for (float[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            pred[i] = r.nextInt(k);
        }
        return new TestSet(f, d, y, k, w, pred);
    }

    @Test
    void interClassRankIsBoundedByTheSpanOfTheFeatures() {
        double full = all(gaussian(2000, 10, 64, 64, 1)).get("erank-inter").value();
        double low = all(gaussian(2000, 10, 64, 3, 1)).get("erank-inter").value();
        assertThat(full).isGreaterThan(6).isLessThanOrEqualTo(9);
        assertThat(low).isLessThanOrEqualTo(3.01);
    }

    /** Straightforward float64 versions of the formulas, with a different eigen routine (Jacobi). */
    static final class Reference {
        final int n;
        final int k;
        final int d;
        final double[][] u;
        final int[] y;
        final double[][] w;

        Reference(TestSet s) {
            n = s.size();
            k = s.numClasses();
            d = s.dim();
            y = s.labels();
            u = new double[n][d];
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += (double) s.features()[i * d + j] * s.features()[i * d + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    u[i][j] = s.features()[i * d + j] / norm;
                }
            }
            w = new double[k][d];
            for (int c = 0; c < k; c++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += (double) s.w()[c][j] * s.w()[c][j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    w[c][j] = s.w()[c][j] / norm;
                }
            }
        }

        double[][] rows(int c) {
            return java.util.stream.IntStream.range(0, n).filter(i -> y[i] == c).mapToObj(i -> u[i]).toArray(double[][]::new);
        }

        double[] mean(double[][] rows) {
            double[] m = new double[d];
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    m[j] += r[j] / rows.length;
                }
            }
            return m;
        }

        static double erank(double[][] cov) {
            double[] l = SymEigen.decompose(cov).values();
            double sum = 0;
            for (double v : l) {
                sum += Math.max(v, 0);
            }
            double h = 0;
            double eps = 1e-7;
            for (double v : l) {
                double p = (Math.max(v, 0) / sum + eps) / (1 + l.length * eps);
                h -= p * Math.log(p);
            }
            return Math.exp(h);
        }

        static double[][] cov(double[][] x) {
            int d = x[0].length;
            double[] m = new double[d];
            for (double[] r : x) {
                for (int j = 0; j < d; j++) {
                    m[j] += r[j] / x.length;
                }
            }
            double[][] c = new double[d][d];
            for (double[] r : x) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        c[i][j] += (r[i] - m[i]) * (r[j] - m[j]) / (x.length - 1);
                    }
                }
            }
            return c;
        }

        double erankIntra() {
            double t = 0;
            for (int c = 0; c < k; c++) {
                t += erank(cov(rows(c)));
            }
            return t / k;
        }

        double erankInter() {
            double[][] means = new double[k][];
            for (int c = 0; c < k; c++) {
                means[c] = mean(rows(c));
            }
            return erank(cov(means));
        }

        double alignInstance() {
            double t = 0;
            for (int c = 0; c < k; c++) {
                double[][] r = rows(c);
                double s = 0;
                for (int a = 0; a < r.length; a++) {
                    for (int b = 0; b < r.length; b++) {
                        if (a != b) {
                            for (int j = 0; j < d; j++) {
                                s += (r[a][j] - r[b][j]) * (r[a][j] - r[b][j]);
                            }
                        }
                    }
                }
                t += s / (r.length * (r.length - 1.0));
            }
            return t / k;
        }

        double alignWeightInstance() {
            double t = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    t += (w[y[i]][j] - u[i][j]) * (w[y[i]][j] - u[i][j]);
                }
            }
            return t / n;
        }

        /** NC1 with the d×d pseudo-inverse of Σ_B taken directly. */
        double nc1() {
            double[][] means = new double[k][];
            double[] bar = new double[d];
            for (int c = 0; c < k; c++) {
                means[c] = mean(rows(c));
                for (int j = 0; j < d; j++) {
                    bar[j] += means[c][j] / k;
                }
            }
            double[][] sb = new double[d][d];
            for (double[] m : means) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        sb[a][b] += (m[a] - bar[a]) * (m[b] - bar[b]) / k;
                    }
                }
            }
            double[][] sw = new double[d][d];
            for (int i = 0; i < n; i++) {
                double[] m = means[y[i]];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        sw[a][b] += (u[i][a] - m[a]) * (u[i][b] - m[b]) / n;
                    }
                }
            }
            double[][] pinv = SymEigen.pseudoInverse(sb, 1e-10);
            double tr = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    tr += sw[a][b] * pinv[b][a];
                }
            }
            return tr / k;
        }
    }

    @Test
    void agreeWithStraightforwardFloat64Implementations() {
        TestSet s = gaussian(300, 6, 12, 12, 11);
        Map<String, MetricValue> v = all(s);
        Reference ref = new Reference(s);
        assertThat(v.get("erank-intra").value()).isCloseTo(ref.erankIntra(), within(1e-6 * ref.erankIntra()));
        assertThat(v.get("erank-inter").value()).isCloseTo(ref.erankInter(), within(1e-6 * ref.erankInter()));
        assertThat(v.get("erank-weights").value()).isCloseTo(Reference.erank(Reference.cov(ref.w)), within(1e-6 * 5));
        assertThat(v.get("align-instance").value()).isCloseTo(ref.alignInstance(), within(1e-6 * ref.alignInstance()));
        assertThat(v.get("align-weight-instance").value()).isCloseTo(ref.alignWeightInstance(), within(1e-6 * ref.alignWeightInstance()));
        assertThat(v.get("nc1").value()).isCloseTo(ref.nc1(), within(1e-6 * ref.nc1()));
    }

    @Test
    void eigenSolversAgreeWithEachOtherAndWithKnownSpectra() {
        assertThat(SymEigen.eigenvalues(new double[][] {{2, 1}, {1, 2}})).containsExactly(new double[] {1, 3}, within(1e-12));
        assertThat(SymEigen.eigenvalues(new double[][] {{5, 0, 0}, {0, -1, 0}, {0, 0, 2}})).containsExactly(new double[] {-1, 2, 5}, within(1e-12));
        Random r = new Random(5);
        int n = 40;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        double[] ql = SymEigen.eigenvalues(a);
        SymEigen.Decomposition jac = SymEigen.decompose(a);
        double[] js = jac.values().clone();
        java.util.Arrays.sort(js);
        assertThat(ql).containsExactly(js, within(1e-9));
        for (int k = 0; k < n; k++) {
            double[] v = jac.vectors()[k];
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i][j] * v[j];
                }
                assertThat(av).isCloseTo(jac.values()[k] * v[i], within(1e-9));
            }
        }
    }

    @Test
    void zeroMatrixHasEffectiveRankOne() {
        assertThat(Geometry.effectiveRank(new double[4][4], 1e-7)).isEqualTo(1.0);
    }

    @Test
    void badInputsFailWithOneLineErrors() {
        TestSet ok = etfSet(4, 8, 3, 1);
        float[] nan = ok.features().clone();
        nan[5 * 8 + 2] = Float.NaN;
        assertThatThrownBy(() -> all(new TestSet(nan, 8, ok.labels(), 4, ok.w(), null)))
                .isInstanceOf(PluginException.class).hasMessageContaining("row 5").hasMessageContaining("NaN");
        int[] bad = ok.labels().clone();
        bad[3] = 4;
        assertThatThrownBy(() -> all(new TestSet(ok.features(), 8, bad, 4, ok.w(), null)))
                .isInstanceOf(PluginException.class).hasMessageContaining("label 4 of sample 3");
        bad[3] = -1;
        assertThatThrownBy(() -> all(new TestSet(ok.features(), 8, bad, 4, ok.w(), null))).hasMessageContaining("label -1");
        assertThatThrownBy(() -> all(new TestSet(ok.features(), 8, ok.labels(), 4, ok.w(), new int[2])))
                .hasMessageContaining("predictions");
        assertThatThrownBy(() -> all(new TestSet(new float[0], 8, new int[0], 4, ok.w(), null))).hasMessageContaining("empty");
        assertThatThrownBy(() -> all(new TestSet(ok.features(), 8, ok.labels(), 4, new float[3][8], null)))
                .hasMessageContaining("3x8");
        TestSet noW = new TestSet(ok.features(), 8, ok.labels(), 4, null, null);
        assertThatThrownBy(() -> new Metrics.ErankWeights().create(Params.defaults("x", List.of(Metrics.ErankWeights.EPS))).compute(noW))
                .hasMessageContaining("needs classifier weights");
        TestSet wide = gaussian(100, 10, 4, 4, 2);
        assertThatThrownBy(() -> new Metrics.ErankInter().create(Params.defaults("x", List.of(Metrics.ErankInter.EPS))).compute(wide))
                .hasMessageContaining("d >= K-1");
    }
}
