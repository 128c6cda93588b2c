/** HTML reports, charts and corruption galleries over run folders. No TensorFlow. */
module ncdesign.report {
    requires transitive ncdesign.api;
    requires ncdesign.io;
    requires transitive ncdesign.data; // CorruptionGallery takes a Dataset
    requires java.desktop;
    requires transitive org.jfree.jfreechart; // Charts returns JFreeChart
    requires org.jfree.svg;

    exports ncdesign.report;
}
