package ncdesign.api;

import ncdesign.api.annotation.Stable;

/**
 * The kinds of plugin the runtime discovers.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
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
