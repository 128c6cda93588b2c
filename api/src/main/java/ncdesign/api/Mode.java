package ncdesign.api;

import ncdesign.api.annotation.Stable;

/**
 * Whether a graph branch trains (batch statistics, dropout) or infers (running statistics).
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public enum Mode {
    TRAIN,
    INFER
}
