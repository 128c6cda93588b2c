/**
 * An example third-party ncdesign plugin: the focal-NormFace loss. ncd finds it through 'provides' when its jar is in
 * the plugins folder; the api is all a plugin requires.
 */
module com.example.focal {
    requires ncdesign.api;
    requires static com.google.auto.service; // compile time only: @AutoService

    provides ncdesign.api.loss.LossProvider with com.example.focal.FocalNormFaceProvider;
}
