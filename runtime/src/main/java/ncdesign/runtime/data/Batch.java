package ncdesign.runtime.data;

/**
 * One mini-batch ready for the graph.
 *
 * @param images    size×H×W×C float32, normalised, NHWC
 * @param labels    labels
 * @param sampleIds indices of the samples in their dataset
 * @param size      number of samples
 */
public record Batch(float[] images, int[] labels, int[] sampleIds, int size) {
}
