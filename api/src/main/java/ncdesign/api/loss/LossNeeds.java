package ncdesign.api.loss;

import ncdesign.api.annotation.Stable;

/**
 * What a loss needs from the training step; the runtime assembles the graph from this and never branches on a
 * loss's name.
 *
 * @param classifier     the classifier the runtime must create
 * @param views          1, or 2 for contrastive losses that compare two augmented views of each image
 * @param features       encoder features or projection-head features
 * @param scaleInvariant true when the loss normalises features and weights itself, so rescaling them leaves the
 *                       value <em>and the class scores</em> unchanged (checked by the conformance kit): the scores
 *                       are then bounded similarities (cosines), and the runtime's export turns them into
 *                       probabilities as softmax(scores / τ) with the loss's temperature
 *                       ({@link LossProvider#temperatureParameter()}; τ = 1 without one). False: the scores are
 *                       logits, exported as softmax(scores)
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record LossNeeds(ClassifierKind classifier, int views, FeatureSource features, boolean scaleInvariant) {
    public LossNeeds {
        if (views != 1 && views != 2) {
            throw new IllegalArgumentException("views must be 1 or 2, got " + views);
        }
    }

    /** One view of encoder features with the given classifier. */
    public static LossNeeds classifier(ClassifierKind kind, boolean scaleInvariant) {
        return new LossNeeds(kind, 1, FeatureSource.ENCODER, scaleInvariant);
    }
}
