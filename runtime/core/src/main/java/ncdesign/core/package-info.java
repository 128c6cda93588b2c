/**
 * Root of the training core: {@link ncdesign.core.Versions}, the versions recorded in every run folder and export for
 * provenance, and {@link ncdesign.core.ErrorLines}, the one {@code ncd: error:} line of a failure. The work itself lives in the subpackages: plugin discovery ({@code plugin}), settings ({@code config}),
 * the training loop and run folders ({@code train}) and data-parallel training ({@code dist}).
 */
package ncdesign.core;
