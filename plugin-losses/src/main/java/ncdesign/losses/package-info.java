/**
 * The paper's objectives as loss plugins, one provider class per plugin ({@code ce}, {@code normface},
 * {@code ntce}, {@code nonl}, {@code scl}, {@code prototype}, {@code etf-dr}, {@code cosface}, {@code arcface});
 * providers that share their math delegate to one package-private loss ({@link ncdesign.losses.PrototypeAnchored},
 * {@link ncdesign.losses.Contrastive}, {@link ncdesign.losses.Margins}) and to {@link ncdesign.losses.LossMath}. Not
 * exported: the runtime sees these only through the {@link ncdesign.api.loss.LossProvider} service.
 */
package ncdesign.losses;
