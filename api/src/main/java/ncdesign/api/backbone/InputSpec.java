package ncdesign.api.backbone;

import ncdesign.api.annotation.Stable;

/**
 * Static facts about the input a backbone will see.
 *
 * @param height     image height in pixels
 * @param width      image width in pixels
 * @param channels   1 (grey) or 3 (RGB)
 * @param numClasses K
 * @param numSamples size of the training set (N), for per-sample models
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public record InputSpec(int height, int width, int channels, int numClasses, int numSamples) {
    public InputSpec {
        if (height <= 0 || width <= 0 || channels <= 0 || numClasses <= 0 || numSamples < 0) {
            throw new IllegalArgumentException("invalid input spec: " + height + "x" + width + "x" + channels
                    + ", K=" + numClasses + ", N=" + numSamples);
        }
    }
}
