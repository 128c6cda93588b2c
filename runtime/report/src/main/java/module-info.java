/** HTML reports, charts and corruption galleries over run folders. No TensorFlow. */
module ncdesign.report {
    requires transitive ncdesign.api;
    requires ncdesign.io;
    requires ncdesign.data;
    requires java.desktop;
    requires org.yaml.snakeyaml;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;

    exports ncdesign.report;
}
