/** Neural Collapse metrics as {@link ncdesign.api.metric.MetricProvider} plugins. Exports nothing. */
module ncdesign.metrics {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.metric.MetricProvider with
            ncdesign.metrics.metric.Metrics.Accuracy,
            ncdesign.metrics.metric.Metrics.NccAccuracy,
            ncdesign.metrics.metric.Metrics.ErankIntra,
            ncdesign.metrics.metric.Metrics.ErankInter,
            ncdesign.metrics.metric.Metrics.ErankWeights,
            ncdesign.metrics.metric.Metrics.AlignWeightInstance,
            ncdesign.metrics.metric.Metrics.AlignWeightClass,
            ncdesign.metrics.metric.Metrics.AlignInstance,
            ncdesign.metrics.metric.Metrics.Mir,
            ncdesign.metrics.metric.Metrics.Hdr,
            ncdesign.metrics.metric.Metrics.Nc1,
            ncdesign.metrics.metric.Metrics.Nc2,
            ncdesign.metrics.metric.Metrics.Nc3,
            ncdesign.metrics.metric.Metrics.Nc4;
}
