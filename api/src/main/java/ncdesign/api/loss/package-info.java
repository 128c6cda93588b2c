/**
 * The loss SPI: a {@link ncdesign.api.loss.LossProvider} creates a {@link ncdesign.api.loss.Loss}, which declares
 * what it needs from the runtime ({@link ncdesign.api.loss.LossNeeds}: classifier kind, views, feature source) and
 * builds its graph from {@link ncdesign.api.loss.LossInputs} into a {@link ncdesign.api.loss.LossOutput}. A loss only
 * builds operations: it must not create sessions, run the graph, own variables outside the
 * {@link ncdesign.api.backbone.VariableStore} it is given, or know whether it runs on one worker or many (cross-replica
 * negatives come through {@link ncdesign.api.loss.BatchGather}).
 */
package ncdesign.api.loss;
