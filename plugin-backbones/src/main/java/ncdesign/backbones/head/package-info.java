/**
 * Projection heads of supervised contrastive learning as head plugins, one class per plugin ({@code mlp},
 * {@code linear}, {@code none}), each ending in L2 normalisation. Not exported: the runtime sees them only through
 * the {@link ncdesign.api.backbone.HeadProvider} service.
 */
package ncdesign.backbones.head;
