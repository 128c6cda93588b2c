/** The {@code ncd} command line: thin picocli commands over the other runtime modules. */
module ncdesign.cli {
    requires ncdesign.core;
    requires ncdesign.inference;
    requires ncdesign.report;
    requires ncdesign.experiments;
    requires java.desktop;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    requires info.picocli;

    exports ncdesign.cli;
    opens ncdesign.cli to info.picocli;
}
