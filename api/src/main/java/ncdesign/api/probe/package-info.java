/**
 * Running plugins outside the runtime, for tests and plugin authors: {@link ncdesign.api.probe.LossProbe} evaluates a
 * loss (value and gradients) on plain arrays ({@link ncdesign.api.probe.ProbeInputs} to
 * {@link ncdesign.api.probe.ProbeResult}), and {@link ncdesign.api.probe.GraphVariables} is a minimal variable store
 * over one graph. This package is for checking plugins; the runtime never uses it to train.
 */
package ncdesign.api.probe;
