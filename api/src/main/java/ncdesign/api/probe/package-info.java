/**
 * Running plugins outside the runtime, for tests and plugin authors: {@link ncdesign.api.probe.LossProbe} evaluates a
 * loss (value, gradients, class scores and diagnostics) on plain arrays ({@link ncdesign.api.probe.ProbeInputs} to
 * {@link ncdesign.api.probe.ProbeResult}), creates a loss by its plugin name, and builds a reusable
 * {@link ncdesign.api.probe.LossEvaluator} for repeated evaluations; {@link ncdesign.api.probe.GraphVariables} is a
 * minimal variable store over one graph. This package is for checking plugins; the runtime never uses it to train.
 */
package ncdesign.api.probe;
