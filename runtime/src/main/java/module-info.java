/**
 * The ncdesign runtime: plugin discovery (module path and a plugins folder), configuration, datasets and
 * augmentation, graph assembly, the training loop, checkpoints, Arrow feature caches and the {@code ncd} CLI.
 */
module ncdesign.runtime {
    requires transitive ncdesign.api;
    requires org.apache.arrow.vector;
    requires org.apache.arrow.memory.core;
    requires org.apache.arrow.memory.unsafe;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    requires info.picocli;
    requires org.yaml.snakeyaml;
    requires java.desktop;
    requires java.net.http;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;

    exports ncdesign.runtime.plugin;
    exports ncdesign.runtime.config;
    exports ncdesign.runtime.data;
    exports ncdesign.runtime.cache;
    exports ncdesign.runtime.io;
    exports ncdesign.runtime.train;
    exports ncdesign.runtime.report;
    exports ncdesign.runtime.inference;

    opens ncdesign.runtime.cli to info.picocli;


    uses ncdesign.api.loss.LossProvider;
    uses ncdesign.api.backbone.BackboneProvider;
    uses ncdesign.api.metric.MetricProvider;
    uses ncdesign.api.eval.EvaluatorProvider;
    uses ncdesign.api.backbone.HeadProvider;
}
