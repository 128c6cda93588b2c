package ncdesign.api.eval;

import ncdesign.api.annotation.Stable;

/**
 * An evaluation protocol over a trained model (classifier accuracy, fixed prototypes, linear probing, ...).
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface Evaluator {
    EvalResult evaluate(EvalContext context);
}
