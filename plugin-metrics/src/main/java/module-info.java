/** Neural Collapse metrics as {@link ncdesign.api.metric.MetricProvider} plugins. Exports nothing. */
module ncdesign.metrics {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.metric.MetricProvider with
            ncdesign.metrics.metric.Accuracy.Provider,
            ncdesign.metrics.metric.EffectiveRanks.InterProvider,
            ncdesign.metrics.metric.EffectiveRanks.WeightsProvider,
            ncdesign.metrics.metric.EffectiveRanks.IntraProvider;
}
