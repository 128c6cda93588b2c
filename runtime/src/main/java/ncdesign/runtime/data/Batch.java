package ncdesign.runtime.data;

/**
 * One mini-batch ready for the graph.
 *
 * @param images    size×H×W×C float32, normalised, NHWC
 * @param labels    labels
 * @param sampleIds indices of the samples in their dataset
 * @param size      number of samples
 * @param images2   a second, independently augmented view of the same samples (contrastive training), or null
 */
public record Batch(float[] images, int[] labels, int[] sampleIds, int size, float[] images2) {
    public Batch(float[] images, int[] labels, int[] sampleIds, int size) {
        this(images, labels, sampleIds, size, null);
    }
}
