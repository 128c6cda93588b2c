/**
 * Experiments built from many runs of the core: hyper-parameter sweeps ({@link ncdesign.experiments.Sweep}),
 * benchmarks, phase diagrams, transfer and robustness to corruptions. Each composes training, analysis and reports;
 * it must not reimplement what the core, inference or report modules do.
 */
package ncdesign.experiments;
