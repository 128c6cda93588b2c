/** An example third-party plugin: a loss that lives outside ncdesign and is dropped into plugins/. */
module com.example.smoothing {
    requires ncdesign.api;

    provides ncdesign.api.loss.LossProvider with com.example.smoothing.LabelSmoothingProvider;
}
