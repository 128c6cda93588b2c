/**
 * Feature caches: a trained model's features written as Arrow IPC files ({@link ncdesign.features.FeatureCacheWriter})
 * and read back, from Arrow or {@code .npy}, as {@link ncdesign.api.metric.FeatureSet}s for metrics and evaluators.
 * The only package that touches Arrow's memory; it must not compute metrics or run models.
 */
package ncdesign.features;
