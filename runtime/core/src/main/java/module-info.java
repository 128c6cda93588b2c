/**
 * The training core: plugin discovery (module path and a plugins folder), settings, run folders, graph assembly,
 * the training loop, checkpoints, devices and data-parallel training.
 */
module ncdesign.core {
    requires transitive ncdesign.api;
    requires transitive ncdesign.data;
    requires transitive ncdesign.features;
    requires transitive ncdesign.io;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    requires org.yaml.snakeyaml;

    exports ncdesign.core;
    exports ncdesign.core.plugin;
    exports ncdesign.core.config;
    exports ncdesign.core.dist;
    exports ncdesign.core.train;
    exports ncdesign.core.gpu;

    uses ncdesign.api.loss.LossProvider;
    uses ncdesign.api.backbone.BackboneProvider;
    uses ncdesign.api.metric.MetricProvider;
    uses ncdesign.api.eval.EvaluatorProvider;
    uses ncdesign.api.backbone.HeadProvider;
}
