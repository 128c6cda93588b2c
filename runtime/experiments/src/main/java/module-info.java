/** Experiments over the core: reproduce, sweeps, benchmarks, transfer and robustness, the paper's tables. */
module ncdesign.experiments {
    requires transitive ncdesign.core;
    requires ncdesign.inference;
    requires transitive ncdesign.report; // Robustness returns CorruptionErrors
    requires java.desktop;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    requires org.jfree.jfreechart;

    exports ncdesign.experiments;
    exports ncdesign.experiments.table;
    exports ncdesign.experiments.reproduce;
}
