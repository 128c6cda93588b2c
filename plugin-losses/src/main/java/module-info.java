/** The paper's objectives as {@link ncdesign.api.loss.LossProvider} plugins. Exports nothing. */
module ncdesign.losses {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.loss.LossProvider with
            ncdesign.losses.CrossEntropy.Provider,
            ncdesign.losses.NormFace.Provider,
            ncdesign.losses.Ntce,
            ncdesign.losses.Nonl,
            ncdesign.losses.Scl,
            ncdesign.losses.Prototype,
            ncdesign.losses.EtfDr.Provider,
            ncdesign.losses.CosFace,
            ncdesign.losses.ArcFace;
}
