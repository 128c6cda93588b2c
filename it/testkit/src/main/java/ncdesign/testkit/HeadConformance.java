package ncdesign.testkit;

import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for projection heads: extend it, return your provider, and every check runs against your head.
 * <pre>
 * class MyHeadConformanceTest extends HeadConformance {
 *     &#64;Override protected HeadProvider provider() { return new MyHeadProvider(); }
 * }
 * </pre>
 * Override {@link #params()}, {@link #inputDim()} (default 12) and {@link #batch()} as needed.
 *
 * <p>What the runtime relies on, each a check that fails with what is wrong and how to fix it:
 * <ul>
 *   <li>the provider: kebab-case name, one-line description, parameter declarations, {@code create} with the
 *       defaults ({@link ProviderChecks});</li>
 *   <li>built on encoder features of unknown batch size in {@link Mode#TRAIN} and {@link Mode#INFER} on one store,
 *       {@code forward} returns {@code [batch, outputDim(inputDim)]}, finite, with rows of unit L2 norm (contrastive
 *       losses and the fixed-prototype evaluator take them as points on the hypersphere);</li>
 *   <li>the INFER branch asks for no variable the TRAIN branch did not;</li>
 *   <li>gradients of the TRAIN output reach every trainable variable and the input features (so the backbone
 *       trains through the head);</li>
 *   <li>two builds with the same seed give the same output.</li>
 * </ul>
 */
public abstract class HeadConformance extends PluginConformance<Head, HeadProvider> {

    /** For subclasses: one per head under test. */
    protected HeadConformance() {
    }

    /** The head under test: by default the provider's, made with {@link #params()}. */
    protected Head head() {
        return create(params());
    }

    /** The encoder feature dimension d the head is built for. */
    protected int inputDim() {
        return 12;
    }

    protected int batch() {
        return 6;
    }

    private Branches build(long seed) {
        return Branches.of(who(), head(), inputDim(), seed);
    }

    @Test
    void outputIsBatchByOutputDimAndNormalisedInBothModes() {
        try (Branches b = build(1)) {
            float[][][] out = b.run(b.randomInput(batch(), 2), batch());
            for (int m = 0; m < 2; m++) {
                for (float[] row : out[m]) {
                    double norm = 0;
                    for (float v : row) {
                        norm += (double) v * v;
                    }
                    norm = Math.sqrt(norm);
                    Check.that(Math.abs(norm - 1) < 1e-4, who() + ": an output row has L2 norm " + norm + " in Mode."
                            + Mode.values()[m] + "; a head must return L2-normalised embeddings: divide each row by its norm"
                            + " (clamped away from 0)");
                }
            }
        }
    }

    @Test
    void bothModesShareTheirVariables() {
        try (Branches b = build(1)) {
            b.checkShared();
        }
    }

    @Test
    void gradientsReachEveryTrainableVariableAndTheInput() {
        try (Branches b = build(1)) {
            b.checkGradients(b.randomInput(batch(), 3), batch(), true);
        }
    }

    @Test
    void sameSeedGivesTheSameOutput() {
        try (Branches a = build(5); Branches b = build(5)) {
            Branches.checkSameOutputs(a, b, batch());
        }
    }
}
