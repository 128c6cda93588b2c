/** Neural Collapse metrics as {@link ncdesign.api.metric.MetricProvider} plugins. Exports nothing. */
module ncdesign.metrics {
    requires ncdesign.api;
    requires static com.google.auto.service;
}
