/** The paper's objectives as {@link ncdesign.api.loss.LossProvider} plugins. Exports nothing. */
module ncdesign.losses {
    requires ncdesign.api;
    requires static com.google.auto.service;

    provides ncdesign.api.loss.LossProvider with
            ncdesign.losses.loss.CrossEntropy.Provider,
            ncdesign.losses.loss.NormFace.Provider,
            ncdesign.losses.loss.PrototypeAnchored.Ntce,
            ncdesign.losses.loss.PrototypeAnchored.Nonl,
            ncdesign.losses.loss.Contrastive.Scl,
            ncdesign.losses.loss.Contrastive.Prototype,
            ncdesign.losses.loss.EtfDr.Provider,
            ncdesign.losses.loss.Margins.CosFace,
            ncdesign.losses.loss.Margins.ArcFace;
}
