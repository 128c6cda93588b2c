/**
 * The training loop and everything one run owns: assembling the graph from the plugins
 * ({@link ncdesign.core.train.ModelGraph}), the loop itself ({@link ncdesign.core.train.Trainer},
 * {@link ncdesign.core.train.TrainSession}), devices and op placement, checkpoints and resume, the run folder and its
 * metric trajectories, and the analysis of a trained model (features, metrics, evaluators). Readers of run folders
 * outside training go through {@link ncdesign.core.train.RunFolder} and {@link ncdesign.core.train.TrainedModel}.
 */
package ncdesign.core.train;
