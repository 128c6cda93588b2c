/**
 * Predicting with a trained model: {@link ncdesign.inference.Classifier} loads a run's model and classifies images,
 * and {@link ncdesign.inference.ModelExporter} writes it as a TensorFlow SavedModel. It reads finished runs; it must
 * not train or change a run folder other than by exporting.
 */
package ncdesign.inference;
