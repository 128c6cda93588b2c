/** Evaluation protocols as {@link ncdesign.api.eval.EvaluatorProvider} plugins. Exports nothing. */
module ncdesign.eval {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.eval.EvaluatorProvider with
            ncdesign.eval.eval.ClassifierEvaluator.Provider,
            ncdesign.eval.eval.FixedPrototypes.Provider,
            ncdesign.eval.eval.Probes.Lp,
            ncdesign.eval.eval.Probes.LpCached,
            ncdesign.eval.eval.Probes.Nlp,
            ncdesign.eval.eval.LongTail.Provider;
}
