package ncdesign.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.metrics.InMemoryFeatureSet;
import ncdesign.metrics.Reference;
import ncdesign.metrics.linalg.Spectral;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final Set<String> NAMES = Set.of("erank-intra", "erank-inter", "erank-weights", "align-weight-instance",
            "align-weight-class", "align-instance", "mir", "hdr", "nc1", "nc2", "nc3", "nc4", "accuracy", "ncc-accuracy");

    static Map<String, MetricProvider> providers() {
        Map<String, MetricProvider> m = new HashMap<>();
        for (MetricProvider p : ServiceLoader.load(MetricProvider.class)) {
            m.put(p.name(), p);
        }
        return m;
    }

    /** One metric with default parameters, in a pass of its own. */
    static List<MetricValue> run(String name, FeatureSet fs) {
        try (MetricPass pass = MetricPass.over(fs)) {
            return run(name, pass);
        }
    }

    /** One metric with default parameters, in {@code pass}. */
    static List<MetricValue> run(String name, MetricPass pass) {
        MetricProvider p = providers().get(name);
        Params params = Params.defaults("metric '" + name + "'", p.parameters());
        return p.create(params).compute(pass.context(params));
    }

    /** The metrics in one pass, as the runtime computes them. */
    static Map<String, MetricValue> runAll(FeatureSet fs, Set<String> names) {
        Map<String, MetricValue> out = new LinkedHashMap<>();
        try (MetricPass pass = MetricPass.over(fs)) {
            for (String n : new TreeSet<>(names)) {
                for (MetricValue v : run(n, pass)) {
                    out.put(v.name(), v);
                }
            }
        }
        return out;
    }

    @Test
    void allProvidersAreDiscoveredWithOneLineDescriptions() {
        Map<String, MetricProvider> p = providers();
        assertThat(p.keySet()).containsExactlyInAnyOrderElementsOf(NAMES);
        for (MetricProvider m : p.values()) {
            assertThat(m.description()).isNotBlank().doesNotContain("\n");
            assertThat(m.create(Params.defaults(m.name(), m.parameters()))).isNotNull();
        }
    }

    // ------------------------------------------------------------------------------------------- simplex ETF

    /** ETF vertices of K classes embedded in R^d through a random orthonormal basis, unit norm, as rows. */
    static double[][] etf(int k, int d, Random r) {
        double[][] q = new double[k][d]; // orthonormal rows
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = r.nextGaussian();
            }
            for (int p = 0; p < i; p++) {
                double dot = Spectral.dot(q[i], q[p]);
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double nrm = Spectral.norm(q[i]);
            for (int j = 0; j < d; j++) {
                q[i][j] /= nrm;
            }
        }
        double scale = Math.sqrt(k / (k - 1.0));
        double[][] v = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < k; i++) {
                double e = scale * ((i == c ? 1 : 0) - 1.0 / k);
                for (int j = 0; j < d; j++) {
                    v[c][j] += e * q[i][j];
                }
            }
        }
        return v;
    }

    static InMemoryFeatureSet etfSet(int k, int d, int perClass, long seed) {
        Random r = new Random(seed);
        double[][] v = etf(k, d, r);
        float[][] w = new float[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[c][j] = (float) v[c][j];
            }
        }
        int n = k * perClass;
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            float s = (float) (0.5 + 3 * r.nextDouble());
            for (int j = 0; j < d; j++) {
                f[i * d + j] = w[y[i]][j] * s;
            }
        }
        return new InMemoryFeatureSet(f, n, d, k, y, null, w, null, 7);
    }

    @Test
    void exactSimplexEtfIsOptimalForEveryMetric() {
        int k = 10;
        Map<String, MetricValue> m = runAll(etfSet(k, 16, 6, 11), NAMES);
        assertThat(m.get("erank-inter").value()).isCloseTo(k - 1, within(1e-3));
        assertThat(m.get("erank-inter").optimum()).isEqualTo(k - 1);
        assertThat(m.get("erank-inter").percentOfOptimum()).isCloseTo(100, within(0.01));
        assertThat(m.get("erank-weights").value()).isCloseTo(k - 1, within(1e-3));
        assertThat(m.get("erank-intra").value()).isEqualTo(1.0);
        assertThat(m.get("erank-intra").percentOfOptimum()).isEqualTo(100.0);
        assertThat(m.get("erank-intra-skipped-classes").value()).isEqualTo(0.0);
        for (String a : List.of("align-weight-instance", "align-weight-class", "align-instance")) {
            assertThat(m.get(a).value()).as(a).isCloseTo(0, within(1e-9));
            assertThat(m.get(a).percentOfOptimum()).as(a).isCloseTo(100, within(1e-6));
        }
        assertThat(m.get("hdr").value()).isCloseTo(0, within(1e-9));
        assertThat(m.get("mir").value()).isCloseTo(GramEntropies.etfMir(k), within(1e-9));
        assertThat(m.get("mir").optimum()).isCloseTo(0.952, within(1e-3));
        assertThat(m.get("mir").percentOfOptimum()).isCloseTo(100, within(1e-6));
        assertThat(m.get("nc1").value()).isCloseTo(0, within(1e-9));
        for (String a : List.of("nc2-equinorm-means", "nc2-equinorm-weights", "nc2-equiangular-std",
                "nc2-equiangular-max", "nc2-etf-distance", "nc3")) {
            assertThat(m.get(a).value()).as(a).isCloseTo(0, within(1e-6));
        }
        assertThat(m.get("nc4").value()).isEqualTo(0.0);
        assertThat(m.get("accuracy").value()).isEqualTo(1.0);
        assertThat(m.get("ncc-accuracy").value()).isEqualTo(1.0);
    }

    @Test
    void mirOptimumMatchesTheFormulaOnAnExactEtfGram() {
        for (int k : new int[] {2, 3, 10, 25}) {
            double[][] g = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    g[i][j] = i == j ? 1 : -1.0 / (k - 1);
                }
            }
            double[][] had = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    had[i][j] = g[i][j] * g[i][j];
                }
            }
            double h = Spectral.gramEntropy(g);
            // K = 2: H is only the 1e-10 floor terms, so round-off of the solver shows at 1e-8
            assertThat(GramEntropies.etfMir(k)).as("K=" + k)
                    .isCloseTo((2 * h - Spectral.gramEntropy(had)) / h, within(k == 2 ? 1e-6 : 1e-9));
        }
        assertThat(GramEntropies.etfMir(10)).isCloseTo(0.95235, within(1e-5));
    }

    // ------------------------------------------------------------------------------------------- random data

    static InMemoryFeatureSet gaussian(int n, int d, int k, long seed, boolean weights, double shift) {
        Random r = new Random(seed);
        double[][] centres = new double[k][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = shift * r.nextGaussian();
            }
        }
        float[] f = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (centres[y[i]][j] + r.nextGaussian());
            }
        }
        float[][] w = null;
        if (weights) {
            w = new float[k][d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    w[c][j] = (float) (centres[c][j] + 0.5 * r.nextGaussian());
                }
            }
        }
        return new InMemoryFeatureSet(f, n, d, k, y, null, w, null, 1000);
    }

    @Test
    void randomGaussianSpreadReachesKMinusOneOnlyWhenItFits() {
        MetricValue fits = run("erank-inter", gaussian(5000, 64, 10, 1, false, 0)).get(0);
        assertThat(fits.value()).isBetween(8.0, 9.0 + 1e-3);
        assertThat(fits.optimum()).isEqualTo(9);
        MetricValue cramped = run("erank-inter", gaussian(5000, 8, 50, 2, true, 0)).get(0);
        assertThat(cramped.value()).isLessThanOrEqualTo(8 + 1e-3).isGreaterThan(6);
        assertThat(cramped.optimum()).isEqualTo(8);
        assertThat(run("erank-weights", gaussian(500, 8, 50, 2, true, 0)).get(0).value()).isLessThanOrEqualTo(8 + 1e-3);
        // isotropic noise within classes: erank-intra close to d
        assertThat(run("erank-intra", gaussian(5000, 8, 5, 3, false, 0)).get(0).value()).isGreaterThan(7.5);
    }

    static void assertAgreesWithReference(InMemoryFeatureSet fs, Set<String> names) {
        Map<String, Double> ref = Reference.all(fs);
        Map<String, MetricValue> got = runAll(fs, names);
        assertThat(got.keySet()).containsAll(ref.keySet().stream().filter(got::containsKey).toList());
        int compared = 0;
        for (Map.Entry<String, Double> e : ref.entrySet()) {
            MetricValue v = got.get(e.getKey());
            if (v == null) {
                continue;
            }
            double a = v.value();
            double b = e.getValue();
            assertThat(Math.abs(a - b)).as(e.getKey() + ": " + a + " vs reference " + b)
                    .isLessThanOrEqualTo(1e-6 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12);
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
    }

    @Test
    void agreesWithNaiveReferenceWhenKIsBelowD() {
        InMemoryFeatureSet fs = gaussian(300, 12, 5, 17, true, 0.8).withBlockRows(37);
        assertAgreesWithReference(fs, NAMES);
    }

    @Test
    void agreesWithNaiveReferenceWhenKIsAboveD() {
        // K = 8 > d = 6 uses the d×d routes; nc2/mir/hdr need K-1 <= d, so K = 7 for them
        InMemoryFeatureSet big = gaussian(400, 6, 8, 23, true, 1.0);
        Set<String> noEtf = new java.util.HashSet<>(NAMES);
        noEtf.removeAll(Set.of("nc2", "mir", "hdr"));
        assertAgreesWithReference(big, noEtf);
        assertAgreesWithReference(gaussian(400, 6, 7, 29, true, 1.0), NAMES);
    }

    @Test
    void agreesWithNaiveReferenceWithRecordedPredictionsAndSparseClasses() {
        InMemoryFeatureSet base = gaussian(200, 10, 6, 31, true, 0.5);
        int[] y = base.labels().clone();
        // class 5 absent, class 4 has a single sample
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= 4) {
                y[i] = i % 4;
            }
        }
        y[0] = 4;
        Random r = new Random(1);
        int[] pred = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            pred[i] = r.nextInt(3) == 0 ? r.nextInt(6) : y[i];
        }
        InMemoryFeatureSet fs = new InMemoryFeatureSet(base.features(), 200, 10, 6, y, pred,
                base.weights().orElseThrow(), null, 50);
        assertAgreesWithReference(fs, NAMES);
        Map<String, MetricValue> m = runAll(fs, Set.of("erank-intra"));
        assertThat(m.get("erank-intra-skipped-classes").value()).isEqualTo(2.0);
    }

    @Test
    void metricsWithoutWeightsStillWorkAndWeightMetricsSayWhatIsMissing() {
        InMemoryFeatureSet fs = gaussian(200, 10, 4, 5, false, 1);
        assertAgreesWithReference(fs, Set.of("erank-intra", "erank-inter", "align-instance", "nc1", "nc2", "ncc-accuracy"));
        assertThat(run("nc2", fs)).extracting(MetricValue::name).doesNotContain("nc2-equinorm-weights");
        for (String n : List.of("erank-weights", "align-weight-instance", "align-weight-class", "mir", "hdr", "nc3")) {
            assertThatThrownBy(() -> run(n, fs)).as(n).isInstanceOf(PluginException.class)
                    .hasMessage("metric '" + n + "' needs classifier weights; this feature set has none");
        }
        for (String n : List.of("nc4", "accuracy")) {
            assertThatThrownBy(() -> run(n, fs)).isInstanceOf(PluginException.class).hasMessageContaining("neither");
        }
    }

    // ------------------------------------------------------------------------------------------- bad inputs

    static void assertOneLineError(FeatureSet fs, String metric, String fragment) {
        assertThatThrownBy(() -> run(metric, fs)).isInstanceOf(PluginException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void badInputsFailWithOneLineMessages() {
        InMemoryFeatureSet ok = gaussian(100, 6, 4, 9, true, 1);
        float[] nan = ok.features().clone();
        nan[37 * 6 + 2] = Float.NaN;
        assertOneLineError(new InMemoryFeatureSet(nan, 100, 6, 4, ok.labels(), null, ok.weights().get(), null, 10),
                "erank-inter", "feature row 37 ");
        float[] inf = ok.features().clone();
        inf[5 * 6] = Float.POSITIVE_INFINITY;
        assertOneLineError(new InMemoryFeatureSet(inf, 100, 6, 4, ok.labels(), null, null, null, 10), "nc1", "feature row 5 ");
        float[][] w = ok.weights().get().clone();
        w[2] = w[2].clone();
        w[2][1] = Float.NaN;
        assertOneLineError(ok.withWeights(w), "nc3", "weight row 2 contains NaN or Inf");
        int[] y = ok.labels().clone();
        y[12] = 4;
        assertOneLineError(new InMemoryFeatureSet(ok.features(), 100, 6, 4, y, null, null, null, 10), "align-instance",
                "label 4 of sample 12 is outside 0..3");
        y[12] = -1;
        assertOneLineError(new InMemoryFeatureSet(ok.features(), 100, 6, 4, y, null, null, null, 10), "align-instance",
                "label -1 of sample 12");
        assertOneLineError(new InMemoryFeatureSet(ok.features(), 100, 6, 4, new int[99], null, null, null, 10), "nc1",
                "99 labels for N = 100");
        assertOneLineError(ok.withWeights(new float[3][6]), "erank-weights", "3 weight rows but the feature set has K = 4");
        assertOneLineError(ok.withWeights(new float[4][5]), "erank-weights", "has 5 columns but the features");
        assertOneLineError(new InMemoryFeatureSet(new float[0], 0, 6, 4, new int[0], null, null, null, 10), "accuracy",
                "empty (N = 0)");
        assertOneLineError(ok.withPredictions(new int[3]), "accuracy", "3 predictions for N = 100");
        // K - 1 > d: no simplex fits, so ETF-based metrics refuse
        InMemoryFeatureSet cramped = gaussian(200, 3, 6, 4, true, 1);
        for (String n : List.of("nc2", "mir", "hdr")) {
            assertOneLineError(cramped, n, "needs K − 1 <= d; here K = 6 and d = 3");
        }
        // too few samples
        InMemoryFeatureSet single = new InMemoryFeatureSet(new float[][] {{1, 0}, {0, 1}}, 2, new int[] {0, 1}, null);
        assertOneLineError(single, "erank-intra", "at least 2 samples");
        assertOneLineError(single, "align-instance", "at least 2 samples");
        InMemoryFeatureSet oneClass = new InMemoryFeatureSet(new float[][] {{1, 0}, {0, 1}}, 2, new int[] {0, 0}, null);
        assertOneLineError(oneClass, "erank-inter", "needs at least 2 classes with samples");
    }

    @Test
    void zeroFeatureAndWeightRowsAreRefusedWithTheirCountAndFirstRow() {
        InMemoryFeatureSet fs = gaussian(100, 5, 3, 2, true, 1);
        float[] f = fs.features().clone();
        for (int row : new int[] {10, 11, 60}) {
            for (int j = 0; j < 5; j++) {
                f[row * 5 + j] = 0;
            }
        }
        InMemoryFeatureSet z = new InMemoryFeatureSet(f, 100, 5, 3, fs.labels(), null, fs.weights().get(), null, 9);
        for (String n : NAMES) {
            assertOneLineError(z, n, "3 of 100 feature rows (column 'features') have norm 0 (first: row 10)");
        }
        InMemoryFeatureSet allZero = new InMemoryFeatureSet(new float[500], 100, 5, 3, fs.labels(), null, fs.weights().get(), null, 9);
        for (String n : NAMES) {
            assertOneLineError(allZero, n, "100 of 100 feature rows");
        }
        float[][] w = fs.weights().get().clone();
        w[1] = new float[5];
        assertOneLineError(fs.withWeights(w), "mir", "1 of 3 classifier weight rows have norm 0 (first: row 1)");
    }

    @Test
    void noMetricReportsAValueOutsideItsRangeForDegenerateFeatures() {
        // every sample at the same point: the class means coincide, MIR's mean entropy vanishes (it was 1.3e8 "100%")
        int n = 60;
        float[] f = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[i * 4] = 1;
            y[i] = i % 3;
        }
        float[][] w = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        InMemoryFeatureSet same = new InMemoryFeatureSet(f, n, 4, 3, y, null, w, null, 7);
        assertOneLineError(same, "mir", "outside its range [0, 1]");
        assertOneLineError(same, "nc1", "the class means coincide");
        Map<String, MetricValue> shown = new LinkedHashMap<>();
        for (String name : NAMES) {
            try {
                run(name, same).forEach(v -> shown.put(v.name(), v));
            } catch (PluginException refused) {
                assertThat(refused.getMessage()).doesNotContain("\n");
            }
        }
        assertThat(shown).doesNotContainKeys("mir", "nc1").containsKeys("hdr", "erank-intra", "accuracy");
        for (MetricValue v : shown.values()) {
            if (!Double.isNaN(v.percentOfOptimum())) {
                assertThat(v.percentOfOptimum()).as(v.name()).isBetween(0.0, 100.0);
            }
        }
        assertThat(shown.get("hdr").value()).isBetween(0.0, 1.0);
    }
}
