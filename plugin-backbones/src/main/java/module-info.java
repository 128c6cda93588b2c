/** Networks as {@link ncdesign.api.backbone.BackboneProvider} plugins. Exports nothing. */
module ncdesign.backbones {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.backbone.BackboneProvider with
            ncdesign.backbones.backbone.Mlp.Provider,
            ncdesign.backbones.backbone.Cnn.Provider;
}
