/**
 * Networks as backbone plugins (MLP, small CNN, free features, ResNet-18 to 152), built from the layers of
 * {@code ncdesign.backbones.layers}. Not exported: the runtime sees them only through the
 * {@link ncdesign.api.backbone.BackboneProvider} service.
 */
package ncdesign.backbones;
