/** Predicting with a trained model: {@link ncdesign.inference.Classifier} and SavedModel export. */
module ncdesign.inference {
    requires transitive ncdesign.core;
    requires transitive java.desktop; // Classifier takes and returns BufferedImage

    exports ncdesign.inference;
}
