/** Plugins that misbehave, for isolation tests: a provider whose constructor throws, and a duplicate name. */
module com.example.broken {
    requires ncdesign.api;

    provides ncdesign.api.loss.LossProvider with com.example.broken.ThrowingProvider, com.example.broken.DuplicateCe,
            com.example.broken.ExplodingLoss;
    provides ncdesign.api.backbone.BackboneProvider with com.example.broken.WrongShapeBackbone;
}
