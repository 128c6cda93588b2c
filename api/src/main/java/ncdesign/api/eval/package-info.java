/**
 * The evaluator SPI: an {@link ncdesign.api.eval.EvaluatorProvider} creates an {@link ncdesign.api.eval.Evaluator},
 * an evaluation protocol over a trained model (classifier accuracy, fixed prototypes, linear probing, ...) that gets
 * the model's cached features and classifier for each {@link ncdesign.api.eval.Split} through an
 * {@link ncdesign.api.eval.EvalContext}, which the runtime implements, and returns an {@link ncdesign.api.eval.EvalResult}. Evaluators see features, not the training graph: they must not train or
 * modify the model they evaluate.
 */
package ncdesign.api.eval;
