/** Evaluation protocols as {@link ncdesign.api.eval.EvaluatorProvider} plugins. Exports nothing. */
module ncdesign.eval {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.eval.EvaluatorProvider with
            ncdesign.eval.ClassifierEvaluator.Provider,
            ncdesign.eval.FixedPrototypes.Provider,
            ncdesign.eval.Lp,
            ncdesign.eval.LpCached,
            ncdesign.eval.Nlp,
            ncdesign.eval.LongTail.Provider,
            ncdesign.eval.CorruptionRobustness.Provider,
            ncdesign.eval.TransferProbe.Provider;
}
