package ncdesign.api;

/** The kinds of plugin the runtime discovers. */
public enum PluginKind {
    LOSS("loss"),
    BACKBONE("backbone"),
    METRIC("metric"),
    EVALUATOR("evaluator"),
    /** Projection heads for contrastive training. */
    HEAD("head");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    /** Lower-case name used in listings ({@code loss}, {@code backbone}, ...). */
    public String label() {
        return label;
    }
}
