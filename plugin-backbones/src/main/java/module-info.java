/** Networks as {@link ncdesign.api.backbone.BackboneProvider} plugins. Exports nothing. */
module ncdesign.backbones {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.backbone.BackboneProvider with
            ncdesign.backbones.backbone.Mlp.Provider,
            ncdesign.backbones.backbone.Cnn.Provider,
            ncdesign.backbones.backbone.FreeFeatures.Provider,
            ncdesign.backbones.backbone.ResNet.R18,
            ncdesign.backbones.backbone.ResNet.R34,
            ncdesign.backbones.backbone.ResNet.R50,
            ncdesign.backbones.backbone.ResNet.R101,
            ncdesign.backbones.backbone.ResNet.R152;

    provides ncdesign.api.backbone.HeadProvider with
            ncdesign.backbones.head.ProjectionHeads.Mlp,
            ncdesign.backbones.head.ProjectionHeads.Linear,
            ncdesign.backbones.head.ProjectionHeads.None;
}
