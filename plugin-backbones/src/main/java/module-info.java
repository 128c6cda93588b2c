/** Networks as {@link ncdesign.api.backbone.BackboneProvider} plugins. Exports nothing. */
module ncdesign.backbones {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.backbone.BackboneProvider with
            ncdesign.backbones.Mlp.Provider,
            ncdesign.backbones.Cnn.Provider,
            ncdesign.backbones.FreeFeatures.Provider,
            ncdesign.backbones.ResNet.R18,
            ncdesign.backbones.ResNet.R34,
            ncdesign.backbones.ResNet.R50,
            ncdesign.backbones.ResNet.R101,
            ncdesign.backbones.ResNet.R152;

    provides ncdesign.api.backbone.HeadProvider with
            ncdesign.backbones.head.MlpHead,
            ncdesign.backbones.head.LinearHead,
            ncdesign.backbones.head.NoneHead;
}
