package ncdesign.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.UserException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricPass;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;
import ncdesign.testkit.fakes.EtfFixtures;
import ncdesign.testkit.fakes.MemoryFeatures;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for metrics: extend it, return your provider, and every check runs against your metric.
 * <pre>
 * class MyMetricConformanceTest extends MetricConformance {
 *     &#64;Override protected MetricProvider provider() { return new MyMetricProvider(); }
 * }
 * </pre>
 * The metric computes in a {@link MetricPass} of its own with the metric's own Java code (no kernels), as
 * {@code ncd metrics} does on a CPU, over {@link MemoryFeatures}: {@link #features()} (noisy clusters around a simplex
 * ETF, with classifier, bias and predictions, some wrong) and {@link #collapsedFeatures()} (exact Neural Collapse).
 *
 * <p>What the runtime relies on, each a check that fails with what is wrong and how to fix it:
 * <ul>
 *   <li>the provider: kebab-case name, one-line description, parameter declarations, {@code create} with the
 *       defaults ({@link ProviderChecks});</li>
 *   <li>well-formed values: at least one, kebab-case names unique within the result (they are keys of
 *       {@code summary.json} and TensorBoard tags), finite values, optimum and percent-of-optimum finite or NaN;</li>
 *   <li>on an exact simplex ETF every value that declares an optimum equals it, and its percent of optimum is 100;</li>
 *   <li>the values do not change when the samples are reordered, when the classes are renamed (labels, predictions,
 *       classifier rows and bias permuted together), or when the features are streamed in blocks of another size
 *       (the runtime's caches stream blocks of their own size, into a reused buffer);</li>
 *   <li>the same features give the same values, and computing leaves the feature set's arrays untouched (the pass
 *       hands the same arrays to every metric);</li>
 *   <li>over features without a classifier or predictions (a run of a loss without one), it returns well-formed
 *       values or throws a one-line {@link UserException} (the runtime then skips it with that line), never
 *       anything else.</li>
 * </ul>
 */
public abstract class MetricConformance extends PluginConformance<Metric, MetricProvider> {
    private static final double OPTIMUM_TOLERANCE = 1e-3;
    private static final double INVARIANCE_TOLERANCE = 1e-6;

    /** For subclasses: one per metric under test. */
    protected MetricConformance() {
    }

    /** The metric under test: by default the provider's, made with {@link #params()}. */
    protected Metric metric() {
        return create(params());
    }

    /** Noisy clusters around a 4-class simplex ETF in R^6, with classifier, bias and predictions. */
    protected MemoryFeatures features() {
        return EtfFixtures.clustered(4, 6, 6, 0.4, 5);
    }

    /** Exact collapse: 4 classes in R^6, 5 samples each. */
    protected MemoryFeatures collapsedFeatures() {
        return EtfFixtures.collapsed(4, 6, 5, 3);
    }

    /** The metric's values on {@code fs}, computed as the runtime computes them, in a pass of their own. */
    protected final List<MetricValue> compute(FeatureSet fs) {
        Params p = Check.call(who() + ": its parameters " + params() + " do not resolve",
                () -> Params.resolve("metric '" + provider().name() + "'", provider().parameters(), params()));
        Metric m = metric();
        try (MetricPass pass = MetricPass.over(fs)) {
            return Check.call(who() + ": compute() threw on " + fs.size() + " samples of d = " + fs.dim() + ", K = "
                    + fs.numClasses(), () -> m.compute(pass.context(p)));
        }
    }

    /** Values by name; every value checked to be well-formed. */
    private Map<String, MetricValue> wellFormed(List<MetricValue> values, boolean finite) {
        Check.that(values != null, who() + ": compute() returned null; return List.of() when there is nothing to report");
        Map<String, MetricValue> byName = new LinkedHashMap<>();
        for (MetricValue v : values) {
            Check.that(v != null && v.name() != null, who() + ": compute() returned a null value or a value without a name");
            Check.that(ProviderChecks.KEBAB.matcher(v.name()).matches(), who() + ": value name '" + v.name() + "' is not"
                    + " kebab-case; it becomes a key of summary.json and a TensorBoard tag: use e.g. '" + provider().name() + "-part'");
            Check.that(byName.put(v.name(), v) == null, who() + ": value '" + v.name() + "' is reported twice in one result;"
                    + " the second would overwrite the first in summary.json: give each its own name");
            Check.that(!finite || Double.isFinite(v.value()), who() + ": value '" + v.name() + "' is " + v.value()
                    + " on features with every class present and a classifier");
            Check.that(!Double.isInfinite(v.optimum()) && !Double.isInfinite(v.percentOfOptimum()), who() + ": value '"
                    + v.name() + "' has an infinite optimum or percent of optimum; use NaN when it has none");
        }
        return byName;
    }

    @Test
    void valuesAreWellFormed() {
        Map<String, MetricValue> v = wellFormed(compute(features()), true);
        Check.that(!v.isEmpty(), who() + ": compute() returned no value on features with every class, a classifier and"
                + " predictions");
    }

    @Test
    void exactSimplexEtfIsOptimal() {
        for (MetricValue v : wellFormed(compute(collapsedFeatures()), true).values()) {
            if (Double.isNaN(v.optimum())) {
                continue; // declares no optimum
            }
            Check.that(Math.abs(v.value() - v.optimum()) <= OPTIMUM_TOLERANCE * Math.max(1, Math.abs(v.optimum())),
                    who() + ": value '" + v.name() + "' is " + v.value() + " on an exact simplex ETF (every feature equal to its"
                            + " class's ETF vertex, classifier = the ETF, every prediction right) but its declared optimum is "
                            + v.optimum() + "; at Neural Collapse it must reach it: fix the formula or the optimum (NaN: none)");
            Check.that(Double.isNaN(v.percentOfOptimum()) || Math.abs(v.percentOfOptimum() - 100) <= 0.1,
                    who() + ": value '" + v.name() + "' reaches its optimum on an exact simplex ETF but reports "
                            + v.percentOfOptimum() + "% of optimum; it must report 100 there");
        }
    }

    @Test
    void invariantToTheOrderOfTheSamples() {
        MemoryFeatures fs = features();
        int[] order = RandomInputs.permutation(fs.size(), 7);
        sameValues(compute(fs), compute(fs.samplesPermuted(order)), "the samples are reordered",
                "sum over samples (and classes) instead of relying on their order");
    }

    @Test
    void invariantToRenamingTheClasses() {
        MemoryFeatures fs = features();
        int k = fs.numClasses();
        int[] rename = new int[k];
        for (int c = 0; c < k; c++) {
            rename[c] = (c + 1) % k;
        }
        sameValues(compute(fs), compute(fs.classesPermuted(rename)), "the classes are renamed (labels, predictions,"
                + " classifier rows and bias permuted together)", "treat classes symmetrically; index the classifier by label");
    }

    @Test
    void invariantToTheBlockSize() {
        MemoryFeatures fs = features();
        List<MetricValue> a = compute(fs.withBlockRows(1));
        sameValues(a, compute(fs.withBlockRows(fs.size())), "the features are streamed in blocks of " + fs.size()
                + " rows instead of 1", "read every block forEachBlock hands you, at its offset, and copy what you keep (the"
                + " buffer is reused)");
        sameValues(a, compute(fs.withBlockRows(5)), "the features are streamed in blocks of 5 rows instead of 1",
                "read every block forEachBlock hands you, at its offset, and copy what you keep (the buffer is reused)");
    }

    @Test
    void sameFeaturesGiveTheSameValues() {
        MemoryFeatures fs = features();
        List<MetricValue> a = compute(fs);
        List<MetricValue> b = compute(fs);
        Map<String, MetricValue> x = wellFormed(a, true);
        Map<String, MetricValue> y = wellFormed(b, true);
        for (MetricValue v : x.values()) {
            MetricValue w = y.get(v.name());
            Check.that(w != null && Double.compare(v.value(), w.value()) == 0, who() + ": value '" + v.name() + "' is "
                    + v.value() + " and then " + (w == null ? "missing" : w.value()) + " on the same features; a metric must"
                    + " be a function of its input: seed any sampling, and keep no state between computations");
        }
    }

    @Test
    void leavesTheFeatureSetUntouched() {
        MemoryFeatures fs = features();
        int[] labels = fs.labels().clone();
        int[] pred = fs.predictions().orElseThrow().clone();
        float[][] w = deepCopy(fs.weights().orElseThrow());
        float[] b = fs.bias().orElseThrow().clone();
        float[][] rows = deepCopy(fs.rows());
        compute(fs);
        Check.that(java.util.Arrays.equals(labels, fs.labels()) && java.util.Arrays.equals(pred, fs.predictions().orElseThrow())
                        && java.util.Arrays.deepEquals(w, fs.weights().orElseThrow()) && java.util.Arrays.equals(b, fs.bias().orElseThrow())
                        && java.util.Arrays.deepEquals(rows, fs.rows()),
                who() + ": compute() modified the feature set it was given (labels, predictions, classifier or features); the"
                        + " runtime hands the same arrays to every metric of the pass: copy them before sorting or normalising");
    }

    static float[][] deepCopy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    @Test
    void featuresWithoutAClassifierAreHandled() {
        MemoryFeatures all = features();
        MemoryFeatures bare = MemoryFeatures.of(all.rows(), all.labels(), all.numClasses());
        Params p = Params.resolve("metric '" + provider().name() + "'", provider().parameters(), params());
        Metric m = metric();
        List<MetricValue> values;
        try (MetricPass pass = MetricPass.over(bare)) {
            values = m.compute(pass.context(p));
        } catch (UserException e) {
            Check.that(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"), who()
                    + ": over features without a classifier it throws a " + e.getClass().getSimpleName() + " whose message is"
                    + " not one line; the runtime prints it as the reason the metric was skipped");
            return;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(who() + ": over features without a classifier or predictions (a run of a loss without"
                    + " one, such as scl) compute() threw " + Check.describe(t) + "; check features().weights() and"
                    + " predictions() and throw a PluginException saying what is missing (the runtime then skips the metric"
                    + " with that line), or return no value", t);
        }
        wellFormed(values, false);
    }

    private void sameValues(List<MetricValue> a, List<MetricValue> b, String change, String fix) {
        Map<String, MetricValue> x = wellFormed(a, true);
        Map<String, MetricValue> y = wellFormed(b, true);
        Check.that(x.keySet().equals(y.keySet()), who() + " reports " + x.keySet() + ", and " + y.keySet() + " when " + change);
        for (MetricValue v : x.values()) {
            double u = y.get(v.name()).value();
            Check.that(Math.abs(v.value() - u) <= INVARIANCE_TOLERANCE * Math.max(1, Math.abs(v.value())), who() + ": value '"
                    + v.name() + "' changes from " + v.value() + " to " + u + " when " + change + "; " + fix);
        }
    }
}
