package ncdesign.data;

/**
 * One mini-batch ready for the graph: raw uint8 pixels, augmented on the CPU; the graph converts them to float and
 * normalises them on the run's device, so a quarter of the float32 bytes cross to it.
 *
 * @param pixels    size×H×W×C uint8, NHWC
 * @param labels    labels
 * @param sampleIds indices of the samples in their dataset
 * @param size      number of samples
 * @param pixels2   a second, independently augmented view of the same samples (contrastive training), or null
 */
public record Batch(byte[] pixels, int[] labels, int[] sampleIds, int size, byte[] pixels2) {
    public Batch(byte[] pixels, int[] labels, int[] sampleIds, int size) {
        this(pixels, labels, sampleIds, size, null);
    }
}
