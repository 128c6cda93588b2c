/**
 * Conformance kits that plugin authors extend in their own tests, one per plugin kind ({@code LossConformance},
 * {@code BackboneConformance}, {@code HeadConformance}, {@code MetricConformance}, {@code EvaluatorConformance}), and
 * the in-memory fakes they run on ({@code ncdesign.testkit.fakes}), and a harness that runs a built plugin jar the
 * way {@code ncd} loads it ({@code ncdesign.testkit.harness}).
 */
module ncdesign.testkit {
    requires transitive ncdesign.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports ncdesign.testkit;
    exports ncdesign.testkit.fakes;
    exports ncdesign.testkit.harness;

    uses ncdesign.api.loss.LossProvider;
    uses ncdesign.api.backbone.BackboneProvider;
    uses ncdesign.api.backbone.HeadProvider;
    uses ncdesign.api.metric.MetricProvider;
    uses ncdesign.api.eval.EvaluatorProvider;
}
