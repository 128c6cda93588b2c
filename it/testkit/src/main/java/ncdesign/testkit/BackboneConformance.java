package ncdesign.testkit;

import ncdesign.api.Mode;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.InputSpec;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for backbones: extend it, return your provider, and every check runs against your backbone.
 * <pre>
 * class MyNetConformanceTest extends BackboneConformance {
 *     &#64;Override protected BackboneProvider provider() { return new MyNetProvider(); }
 * }
 * </pre>
 * Override {@link #params()} (e.g. small widths), {@link #inputSpec()} (default 8×8 grey images, K = 3) and
 * {@link #batch()} to keep it fast for your network.
 *
 * <p>What the runtime relies on, each a check that fails with what is wrong and how to fix it:
 * <ul>
 *   <li>the provider: kebab-case name, one-line description, parameter declarations, {@code create} with the
 *       defaults ({@link ProviderChecks});</li>
 *   <li>built on images of unknown batch size, in {@link Mode#TRAIN} and in {@link Mode#INFER} on one variable store,
 *       {@code forward} returns {@code [batch, featureDim(spec)]} in both modes, finite on standard-normal images;</li>
 *   <li>the INFER branch asks for no variable the TRAIN branch did not (so evaluation uses the trained weights);</li>
 *   <li>gradients of the TRAIN features reach every trainable variable, and are finite (the runtime trains only what
 *       the loss's gradient reaches);</li>
 *   <li>two builds with the same seed give the same features in both modes (runs repeat under a seed).</li>
 * </ul>
 */
public abstract class BackboneConformance extends PluginConformance<Backbone, BackboneProvider> {

    /** For subclasses: one per backbone under test. */
    protected BackboneConformance() {
    }

    /** The backbone under test: by default the provider's, made with {@link #params()}. */
    protected Backbone backbone() {
        return create(params());
    }

    /** The input it is built for: by default 8×8 grey images, 3 classes, 16 training samples. */
    protected InputSpec inputSpec() {
        return new InputSpec(8, 8, 1, 3, 16);
    }

    /** Images per batch (at most the spec's number of samples, which per-sample backbones look up). */
    protected int batch() {
        return 4;
    }

    private Branches build(long seed) {
        return Branches.of(who(), backbone(), inputSpec(), seed);
    }

    @Test
    void featuresAreBatchByFeatureDimInBothModes() {
        try (Branches b = build(1)) {
            b.run(b.randomInput(batch(), 2), batch());
        }
    }

    @Test
    void bothModesShareTheirVariables() {
        try (Branches b = build(1)) {
            b.checkShared();
        }
    }

    @Test
    void gradientsReachEveryTrainableVariable() {
        try (Branches b = build(1)) {
            b.checkGradients(b.randomInput(batch(), 3), batch(), false);
        }
    }

    @Test
    void sameSeedGivesTheSameFeatures() {
        try (Branches a = build(5); Branches b = build(5)) {
            Branches.checkSameOutputs(a, b, batch());
        }
    }
}
