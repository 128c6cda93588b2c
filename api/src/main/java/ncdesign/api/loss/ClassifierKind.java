package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;

/**
 * The classifier a loss needs; the runtime creates it and hands its rows (prototypes) to the loss.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public enum ClassifierKind {
    /** Learned K×d weights and a K-vector bias (standard cross-entropy). */
    LEARNED_WITH_BIAS,
    /** Learned K×d weights, no bias (NormFace, NTCE, NONL, margins). */
    LEARNED_NO_BIAS,
    /** A fixed simplex equiangular tight frame, never trained (ETF+DR). */
    FIXED_ETF,
    /** No classifier: contrastive losses whose prototypes are implicit class means. */
    NONE;

    public boolean hasWeights() {
        return this != NONE;
    }

    public boolean hasBias() {
        return this == LEARNED_WITH_BIAS;
    }
}
