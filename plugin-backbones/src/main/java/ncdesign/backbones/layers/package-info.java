/**
 * Layer building blocks shared by the backbones (dense, convolution, batch norm), each taking its variables from a
 * {@link ncdesign.api.backbone.VariableStore} by name. Internal to the plugin: not exported.
 */
package ncdesign.backbones.layers;
