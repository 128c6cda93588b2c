/** Networks as {@link ncdesign.api.backbone.BackboneProvider} plugins. Exports nothing. */
module ncdesign.backbones {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.backbone.BackboneProvider with
            ncdesign.backbones.Mlp.Provider,
            ncdesign.backbones.Cnn.Provider,
            ncdesign.backbones.FreeFeatures.Provider,
            ncdesign.backbones.ResNet18,
            ncdesign.backbones.ResNet34,
            ncdesign.backbones.ResNet50,
            ncdesign.backbones.ResNet101,
            ncdesign.backbones.ResNet152;

    provides ncdesign.api.backbone.HeadProvider with
            ncdesign.backbones.head.MlpHead,
            ncdesign.backbones.head.LinearHead,
            ncdesign.backbones.head.NoneHead;
}
