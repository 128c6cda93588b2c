package ncdesign.api.eval;

/** An evaluation protocol over a trained model (classifier accuracy, fixed prototypes, linear probing, ...). */
public interface Evaluator {
    EvalResult evaluate(EvalContext context);
}
