package ncdesign.eval;

import com.google.auto.service.AutoService;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;

/** The {@code linear-probe-cached} evaluator plugin: linear classifier with bias on features cached once (see {@link Probes}). */
@AutoService(EvaluatorProvider.class)
public final class LpCached extends SimpleProvider<Evaluator> implements EvaluatorProvider {
    private static final String NAME = "linear-probe-cached";

    public LpCached() {
        super(NAME, "linear classifier with bias on encoder features cached once (N passes)",
                Probes.specs(5.0),
                p -> new Probes(NAME, Probes.options(p, false, 1), false));
    }
}
