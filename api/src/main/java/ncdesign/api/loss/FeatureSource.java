package ncdesign.api.loss;

/** Which features a loss consumes. */
public enum FeatureSource {
    /** The backbone's features (d-dimensional, unnormalised). */
    ENCODER,
    /** The projection head's output (contrastive learning). */
    PROJECTION
}
