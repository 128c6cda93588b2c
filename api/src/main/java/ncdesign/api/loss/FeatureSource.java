package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;

/**
 * Which features a loss consumes.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public enum FeatureSource {
    /** The backbone's features (d-dimensional, unnormalised). */
    ENCODER,
    /** The projection head's output (contrastive learning). */
    PROJECTION
}
