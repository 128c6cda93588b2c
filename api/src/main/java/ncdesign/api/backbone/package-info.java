/**
 * The backbone and projection-head SPI: a {@link ncdesign.api.backbone.BackboneProvider} creates a
 * {@link ncdesign.api.backbone.Backbone} for an {@link ncdesign.api.backbone.InputSpec}, a
 * {@link ncdesign.api.backbone.HeadProvider} a {@link ncdesign.api.backbone.Head}; both build their forward pass from
 * variables asked of a {@link ncdesign.api.backbone.VariableStore}. The runtime owns those variables (optimiser state,
 * checkpoints, devices): a plugin must not create variables of its own, nor run or place the graph.
 */
package ncdesign.api.backbone;
