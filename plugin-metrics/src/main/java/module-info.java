/** Neural Collapse metrics as {@link ncdesign.api.metric.MetricProvider} plugins. Exports nothing. */
module ncdesign.metrics {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.metric.MetricProvider with
            ncdesign.metrics.ErankIntra.Provider,
            ncdesign.metrics.ErankInter.Provider,
            ncdesign.metrics.ErankWeights.Provider,
            ncdesign.metrics.AlignWeightInstance.Provider,
            ncdesign.metrics.AlignWeightClass.Provider,
            ncdesign.metrics.AlignInstance.Provider,
            ncdesign.metrics.Mir.Provider,
            ncdesign.metrics.Hdr.Provider,
            ncdesign.metrics.Nc1.Provider,
            ncdesign.metrics.Nc2.Provider,
            ncdesign.metrics.Nc3.Provider,
            ncdesign.metrics.Nc4.Provider,
            ncdesign.metrics.Accuracy.Provider,
            ncdesign.metrics.NccAccuracy.Provider;
}
