/** The paper's objectives as {@link ncdesign.api.loss.LossProvider} plugins. Exports nothing. */
module ncdesign.losses {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.loss.LossProvider with
            ncdesign.losses.loss.CrossEntropy.Provider;
}
