package ncdesign.api.param;

/** Types a hyper-parameter can have. */
public enum ParamType {
    INT,
    DOUBLE,
    BOOLEAN,
    STRING,
    /** One of {@link ParamSpec#choices()}. */
    CHOICE,
    /** Comma-separated integers, e.g. layer widths {@code 256,128}. */
    INT_LIST
}
