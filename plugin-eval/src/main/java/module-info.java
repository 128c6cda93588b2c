/** Evaluation protocols as {@link ncdesign.api.eval.EvaluatorProvider} plugins. Exports nothing. */
module ncdesign.eval {
    requires ncdesign.api;
    requires static com.google.auto.service;
}
