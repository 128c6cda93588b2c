package ncdesign.eval;

import com.google.auto.service.AutoService;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.param.ParamSpec;

/** The {@code normalized-probe} evaluator plugin: NormFace probe on cached features (see {@link Probes}). */
@AutoService(EvaluatorProvider.class)
public final class Nlp extends SimpleProvider<Evaluator> implements EvaluatorProvider {
    private static final String NAME = "normalized-probe";

    public Nlp() {
        super(NAME, "NLP: NormFace probe (no bias, normalised features and weights, temperature tau) on cached features",
                Probes.specs(1.0,
                        ParamSpec.ofDouble("tau", 0.1, "temperature of the NormFace probe (the contrastive tau)").greaterThan(0)),
                p -> new Probes(NAME, Probes.options(p, true, p.getDouble("tau")), false));
    }
}
