package ncdesign.api.eval;

import ncdesign.api.annotation.Stable;

/**
 * Dataset split.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public enum Split {
    TRAIN,
    TEST;

    public String label() {
        return name().toLowerCase();
    }
}
