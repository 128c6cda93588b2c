/** Conformance kits that plugin authors extend in their own tests (e.g. {@code LossConformance}). */
module ncdesign.testkit {
    requires transitive ncdesign.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports ncdesign.testkit;
    exports ncdesign.testkit.harness;

    uses ncdesign.api.loss.LossProvider;
}
