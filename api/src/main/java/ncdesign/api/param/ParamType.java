package ncdesign.api.param;

import ncdesign.api.annotation.Stable;

/**
 * Types a hyper-parameter can have.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
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
