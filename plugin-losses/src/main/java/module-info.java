/** The paper's objectives as {@link ncdesign.api.loss.LossProvider} plugins. Exports nothing. */
module ncdesign.losses {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.loss.LossProvider with
            ncdesign.losses.CrossEntropy.Provider,
            ncdesign.losses.NormFace.Provider,
            ncdesign.losses.PrototypeAnchored.Ntce,
            ncdesign.losses.PrototypeAnchored.Nonl,
            ncdesign.losses.Contrastive.Scl,
            ncdesign.losses.Contrastive.Prototype,
            ncdesign.losses.EtfDr.Provider,
            ncdesign.losses.Margins.CosFace,
            ncdesign.losses.Margins.ArcFace;
}
