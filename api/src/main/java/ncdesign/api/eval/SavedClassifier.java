package ncdesign.api.eval;

import ncdesign.api.annotation.Stable;

/**
 * A linear classifier an evaluator fitted for this model ({@link EvalResult#weights()}), so later protocols can
 * score a model without a classifier of its own (SCL) by it.
 *
 * @param evaluator the evaluator that fitted it
 * @param weights   K × d
 * @param bias      length K, or null for a cosine classifier (fixed prototypes, normalised probes)
 * @param column    the feature column it acts on
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record SavedClassifier(String evaluator, float[][] weights, float[] bias, String column) {
}
