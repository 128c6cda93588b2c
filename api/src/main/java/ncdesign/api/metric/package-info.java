/**
 * The metric SPI: a {@link ncdesign.api.metric.MetricProvider} creates a {@link ncdesign.api.metric.Metric} that
 * reads a trained model's features as a {@link ncdesign.api.metric.FeatureSet} and reports
 * {@link ncdesign.api.metric.MetricValue}s (Neural Collapse and related measures). Heavy linear algebra goes through
 * the {@link ncdesign.api.metric.MetricKernels} the feature set carries, so it runs on the device the runtime chose;
 * a metric must not load features itself or pick a device.
 */
package ncdesign.api.metric;
