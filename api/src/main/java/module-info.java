/**
 * The ncdesign SPI: losses, backbones, metrics and evaluators, the value types passed between them,
 * and {@link ncdesign.api.probe.LossProbe}, which evaluates a loss on plain arrays for tests and plugin authors.
 */
module ncdesign.api {
    requires transitive tensorflow;
    requires transitive org.tensorflow.ndarray;

    exports ncdesign.api;
    exports ncdesign.api.annotation;
    exports ncdesign.api.error;
    exports ncdesign.api.param;
    exports ncdesign.api.loss;
    exports ncdesign.api.backbone;
    exports ncdesign.api.metric;
    exports ncdesign.api.eval;
    exports ncdesign.api.probe;

    // LossProbe.create finds a loss by its name, as the runtime does
    uses ncdesign.api.loss.LossProvider;
}
