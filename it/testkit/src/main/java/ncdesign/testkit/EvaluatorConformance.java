package ncdesign.testkit;

import java.util.Arrays;
import java.util.Map;
import ncdesign.api.error.UserException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.testkit.fakes.EtfFixtures;
import ncdesign.testkit.fakes.MemoryEvalContext;
import ncdesign.testkit.fakes.MemoryFeatures;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for evaluators: extend it, return your provider, and every check runs against your evaluator.
 * <pre>
 * class MyProtocolConformanceTest extends EvaluatorConformance {
 *     &#64;Override protected EvaluatorProvider provider() { return new MyProtocolProvider(); }
 *     &#64;Override protected Map&lt;String, ?&gt; params() { return Map.of("epochs", 2); }   // keep it fast
 * }
 * </pre>
 * It evaluates over a {@link MemoryEvalContext} of cached features alone ({@link #context()}: noisy clusters around a
 * simplex ETF, with the model's classifier and predictions), as {@code ncd train} runs evaluators after training.
 * An evaluator that needs the trained encoder (it encodes images of its own) overrides {@link #needsEncoder()}; the
 * kit then checks that it refuses a context without one in one line, as the runtime's feature-cache commands need.
 *
 * <p>What the runtime relies on, each a check that fails with what is wrong and how to fix it:
 * <ul>
 *   <li>the provider: kebab-case name, one-line description, parameter declarations, {@code create} with the
 *       defaults ({@link ProviderChecks});</li>
 *   <li>a well-formed result: named after the provider (the runtime files the result and its classifier under this
 *       name), accuracy a fraction in [0, 1], kebab-case value names, non-negative seconds and encoder passes, and a
 *       classifier, when it returns one, of K rows as wide as its feature column, which the training set has, with a
 *       bias only beside weights;</li>
 *   <li>the same context gives the same accuracy, values and classifier (seeded by {@link EvalContext#seed()});</li>
 *   <li>evaluating leaves the context's feature sets untouched;</li>
 *   <li>over features without the model's classifier or predictions (a loss without one), a well-formed result or a
 *       one-line {@link UserException} (the runtime skips the evaluator with that line), never anything else.</li>
 * </ul>
 */
public abstract class EvaluatorConformance extends PluginConformance<Evaluator, EvaluatorProvider> {

    /** For subclasses: one per evaluator under test. */
    protected EvaluatorConformance() {
    }

    /** The evaluator under test: by default the provider's, made with {@link #params()}. */
    protected Evaluator evaluator() {
        return create(params());
    }

    /** Whether it needs {@link EvalContext#encoder()} (then the kit checks it refuses a context without one). */
    protected boolean needsEncoder() {
        return false;
    }

    /**
     * Cached features of a 3-class model in R^6 (36 training and 18 test samples, {@link MemoryFeatures} with classifier
     * and predictions); an override must keep its feature sets {@link MemoryFeatures}.
     */
    protected MemoryEvalContext context() {
        return MemoryEvalContext.of(EtfFixtures.clustered(3, 6, 11, 0.3, 1), EtfFixtures.clustered(3, 6, 5, 0.3, 2));
    }

    /** The evaluator's result on {@code ctx}, failures named. */
    protected final EvalResult evaluate(EvalContext ctx) {
        Evaluator e = evaluator();
        return Check.call(who() + ": evaluate() threw over cached features of " + ctx.features(Split.TRAIN).size()
                + " training and " + ctx.features(Split.TEST).size() + " test samples", () -> e.evaluate(ctx));
    }

    @Test
    void resultIsWellFormed() {
        if (needsEncoder()) {
            refusesWithoutEncoder();
            return;
        }
        MemoryEvalContext ctx = context();
        wellFormed(evaluate(ctx), ctx);
    }

    private void refusesWithoutEncoder() {
        Evaluator e = evaluator();
        try {
            e.evaluate(context());
        } catch (UserException x) {
            oneLine(x, "over cached features alone");
            return;
        } catch (VirtualMachineError x) {
            throw x;
        } catch (Throwable t) {
            throw new AssertionError(who() + ": over cached features alone (no encoder) evaluate() threw " + Check.describe(t)
                    + "; check context.encoder().isPresent() and throw a PluginException that says which command runs it", t);
        }
        throw new AssertionError(who() + " declares it needs the encoder but returned a result over cached features alone");
    }

    private void oneLine(UserException x, String where) {
        Check.that(x.getMessage() != null && !x.getMessage().isBlank() && !x.getMessage().contains("\n"), who() + ": " + where
                + " it throws a " + x.getClass().getSimpleName() + " whose message is not one line; the runtime prints it as"
                + " the reason the evaluator was skipped");
    }

    private void wellFormed(EvalResult r, EvalContext ctx) {
        Check.that(r != null, who() + ": evaluate() returned null; return an EvalResult, or throw a PluginException");
        String name = provider().name();
        Check.that(name.equals(r.evaluator()), who() + ": its result is named '" + r.evaluator() + "', not '" + name + "'; the"
                + " runtime files the result, its summary entry and its classifier under the evaluator's name");
        Check.that(Double.isFinite(r.accuracy()) && r.accuracy() >= 0 && r.accuracy() <= 1, who() + ": accuracy is "
                + r.accuracy() + "; report the fraction of test samples classified right, in [0, 1] (the runtime prints"
                + " it as a percentage)");
        for (Map.Entry<String, Double> v : r.values().entrySet()) {
            Check.that(ProviderChecks.KEBAB.matcher(v.getKey()).matches(), who() + ": value name '" + v.getKey() + "' is not"
                    + " kebab-case; it becomes a key of summary.json and a column of the tables");
        }
        Check.that(Double.isFinite(r.seconds()) && r.seconds() >= 0, who() + ": seconds is " + r.seconds()
                + "; report the wall time the protocol took");
        Check.that(r.encoderPasses() >= 0, who() + ": encoderPasses is " + r.encoderPasses() + "; count the images passed"
                + " through the encoder (0 when it used only cached features)");
        Check.that(r.bias() == null || r.weights() != null, who() + ": it returns a bias without weights");
        if (r.weights() == null) {
            return;
        }
        FeatureSet train = ctx.features(Split.TRAIN);
        Check.that(train.columns().contains(r.featureColumn()), who() + ": its classifier acts on column '" + r.featureColumn()
                + "', which the training features do not have (" + train.columns() + "); the runtime measures Neural"
                + " Collapse of the classifier on that column");
        int d = train.select(r.featureColumn()).dim();
        int k = ctx.numClasses();
        Check.that(r.weights().length == k && Arrays.stream(r.weights()).allMatch(w -> w != null && w.length == d), who()
                + ": its classifier is not K x d = " + k + "x" + d + " (one row per class, as wide as column '"
                + r.featureColumn() + "'); the runtime saves it as classifier-" + name + ".weights.npy and measures it");
        Check.that(r.bias() == null || r.bias().length == k, who() + ": its bias has "
                + (r.bias() == null ? 0 : r.bias().length) + " entries, not K = " + k);
        for (float[] w : r.weights()) {
            for (float x : w) {
                Check.that(Float.isFinite(x), who() + ": its classifier has a non-finite weight");
            }
        }
    }

    @Test
    void sameContextGivesTheSameResult() {
        if (needsEncoder()) {
            return; // checked on a trained model by the runtime's own tests: there is no encoder here
        }
        EvalResult a = evaluate(context());
        EvalResult b = evaluate(context());
        Check.that(Double.compare(a.accuracy(), b.accuracy()) == 0 && a.values().equals(b.values())
                        && Arrays.deepEquals(a.weights(), b.weights()) && Arrays.equals(a.bias(), b.bias()),
                who() + ": the same context gave accuracy " + a.accuracy() + " and then " + b.accuracy() + (a.values().equals(
                        b.values()) ? "" : ", values " + a.values() + " and then " + b.values()) + "; seed every random choice with"
                        + " context.seed() (Random(seed)), and keep no state between evaluations");
    }

    @Test
    void leavesTheContextsFeaturesUntouched() {
        if (needsEncoder()) {
            return;
        }
        MemoryEvalContext ctx = context();
        MemoryFeatures train = (MemoryFeatures) ctx.features(Split.TRAIN);
        int[] labels = train.labels().clone();
        float[][] rows = MetricConformance.deepCopy(train.rows());
        float[][] w = MetricConformance.deepCopy(train.weights().orElseThrow());
        evaluate(ctx);
        Check.that(Arrays.equals(labels, train.labels()) && Arrays.deepEquals(rows, train.rows())
                        && Arrays.deepEquals(w, train.weights().orElseThrow()),
                who() + ": evaluate() modified the cached training features (labels, features or classifier); the runtime"
                        + " hands the same sets to every evaluator that follows: copy them before changing them");
    }

    @Test
    void featuresWithoutAClassifierAreHandled() {
        if (needsEncoder()) {
            return;
        }
        MemoryEvalContext full = context();
        MemoryEvalContext bare = MemoryEvalContext.of(strip(full.features(Split.TRAIN)), strip(full.features(Split.TEST)))
                .withSeed(full.seed());
        EvalResult r;
        try {
            r = evaluator().evaluate(bare);
        } catch (UserException x) {
            oneLine(x, "over features without the model's classifier");
            return;
        } catch (VirtualMachineError x) {
            throw x;
        } catch (Throwable t) {
            throw new AssertionError(who() + ": over features without the model's classifier or predictions (a run of a loss"
                    + " without one, such as scl) evaluate() threw " + Check.describe(t) + "; check weights() and"
                    + " predictions() and throw a PluginException saying what is missing, or evaluate without them", t);
        }
        wellFormed(r, bare);
    }

    private static MemoryFeatures strip(FeatureSet fs) {
        MemoryFeatures m = (MemoryFeatures) fs;
        return MemoryFeatures.of(m.rows(), m.labels(), m.numClasses());
    }
}
