package ncdesign.eval;

import com.google.auto.service.AutoService;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;

/** The {@code linear-probe} evaluator plugin: linear classifier with bias, re-augmented every epoch (see {@link Probes}). */
@AutoService(EvaluatorProvider.class)
public final class Lp extends SimpleProvider<Evaluator> implements EvaluatorProvider {
    private static final String NAME = "linear-probe";

    public Lp() {
        super(NAME, "LP: linear classifier with bias on frozen encoder features, re-augmented every epoch (T x N passes)",
                Probes.specs(5.0),
                p -> new Probes(NAME, Probes.options(p, false, 1), true));
    }
}
