package ncdesign.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import ncdesign.api.PluginException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.Params;

/**
 * {@code test-ncm}: nearest class mean (by cosine) of the training features, scored on the test features, which
 * passes the evaluator kit, and, with a {@link Flaw}, the same protocol broken in exactly one way that one check must
 * catch.
 */
final class TestEvaluator implements EvaluatorProvider {
    /** One way to be broken; null: not broken. */
    enum Flaw {
        NULL_RESULT, WRONG_NAME, PERCENT_ACCURACY, VALUE_NOT_KEBAB, NEGATIVE_SECONDS, NEGATIVE_PASSES, BIAS_WITHOUT_WEIGHTS,
        MISSING_COLUMN, WRONG_WIDTH, UNSEEDED_NOISE, SORTS_LABELS, NEEDS_PREDICTIONS, ENCODER_UNCHECKED, ENCODER_MULTILINE,
        ENCODER_IGNORED
    }

    private final Flaw flaw;

    TestEvaluator(Flaw flaw) {
        this.flaw = flaw;
    }

    /** Whether this variant says it needs the encoder. */
    boolean needsEncoder() {
        return flaw == Flaw.ENCODER_UNCHECKED || flaw == Flaw.ENCODER_MULTILINE || flaw == Flaw.ENCODER_IGNORED;
    }

    @Override
    public String name() {
        return "test-ncm";
    }

    @Override
    public String description() {
        return "nearest class mean by cosine (testkit's own test)";
    }

    @Override
    public Evaluator create(Params params) {
        return this::evaluate;
    }

    static float[][] means(FeatureSet fs) {
        int d = fs.dim();
        float[][] m = new float[fs.numClasses()][d];
        int[] y = fs.labels();
        fs.forEachBlock((off, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < d; j++) {
                    m[y[off + r]][j] += data[r * d + j];
                }
            }
        });
        return m;
    }

    private EvalResult evaluate(EvalContext ctx) {
        if (flaw == Flaw.ENCODER_UNCHECKED) {
            ctx.encoder().get();
        }
        if (flaw == Flaw.ENCODER_MULTILINE && ctx.encoder().isEmpty()) {
            throw new PluginException("evaluator 'test-ncm' needs the trained encoder;\nrun it with ncd train");
        }
        if (flaw == Flaw.NULL_RESULT) {
            return null;
        }
        FeatureSet train = ctx.features(Split.TRAIN);
        FeatureSet test = ctx.features(Split.TEST);
        if (flaw == Flaw.NEEDS_PREDICTIONS) {
            test.predictions().get();
        }
        float[][] w = means(train);
        int d = train.dim();
        int[] right = {0};
        test.forEachBlock((off, rows, data) -> {
            for (int r = 0; r < rows; r++) {
                int best = 0;
                double bestCos = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    double dot = 0;
                    double n = 0;
                    for (int j = 0; j < d; j++) {
                        dot += w[c][j] * data[r * d + j];
                        n += w[c][j] * w[c][j];
                    }
                    double cos = dot / Math.sqrt(Math.max(n, 1e-24));
                    if (cos > bestCos) {
                        bestCos = cos;
                        best = c;
                    }
                }
                right[0] += best == test.labels()[off + r] ? 1 : 0;
            }
        });
        double acc = (double) right[0] / test.size();
        if (flaw == Flaw.SORTS_LABELS) {
            Arrays.sort(train.labels());
        }
        Flaw f = flaw == null ? Flaw.ENCODER_IGNORED : flaw;
        return new EvalResult(f == Flaw.WRONG_NAME ? "ncm" : "test-ncm", f == Flaw.PERCENT_ACCURACY ? 100 * acc : acc,
                f == Flaw.VALUE_NOT_KEBAB ? Map.of("NCM accuracy", acc)
                        : f == Flaw.UNSEEDED_NOISE ? Map.of("draw", new Random().nextDouble()) : Map.of("test-samples", (double) test.size()),
                f == Flaw.NEGATIVE_SECONDS ? -1 : 0.001, f == Flaw.NEGATIVE_PASSES ? -1 : 0,
                f == Flaw.BIAS_WITHOUT_WEIGHTS ? null : f == Flaw.WRONG_WIDTH ? new float[w.length][d + 1] : w,
                f == Flaw.BIAS_WITHOUT_WEIGHTS ? new float[w.length] : null,
                f == Flaw.MISSING_COLUMN ? "head_features" : "features");
    }
}
