/** Neural Collapse metrics as {@link ncdesign.api.metric.MetricProvider} plugins. Exports nothing. */
module ncdesign.metrics {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.metric.MetricProvider with
            ncdesign.metrics.metric.ErankIntra.Provider,
            ncdesign.metrics.metric.ErankInter.Provider,
            ncdesign.metrics.metric.ErankWeights.Provider,
            ncdesign.metrics.metric.AlignWeightInstance.Provider,
            ncdesign.metrics.metric.AlignWeightClass.Provider,
            ncdesign.metrics.metric.AlignInstance.Provider,
            ncdesign.metrics.metric.Mir.Provider,
            ncdesign.metrics.metric.Hdr.Provider,
            ncdesign.metrics.metric.Nc1.Provider,
            ncdesign.metrics.metric.Nc2.Provider,
            ncdesign.metrics.metric.Nc3.Provider,
            ncdesign.metrics.metric.Nc4.Provider,
            ncdesign.metrics.metric.Accuracy.Provider,
            ncdesign.metrics.metric.NccAccuracy.Provider;
}
