/**
 * Synchronous data-parallel training on TensorFlow's distributed runtime: the cluster of workers
 * ({@link ncdesign.core.dist.ClusterSpec}, {@link ncdesign.core.dist.DistOptions}), this worker's server, session and
 * collective ops ({@link ncdesign.core.dist.Replicas}: all-reduce of gradients, gather of cross-replica negatives), and
 * the watch on the other workers ({@link ncdesign.core.dist.PeerMonitor}). It supplies collectives to the training
 * loop; it must not decide what is trained or written.
 */
package ncdesign.core.dist;
