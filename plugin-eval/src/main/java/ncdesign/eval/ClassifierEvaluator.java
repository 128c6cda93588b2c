package ncdesign.eval;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;

/**
 * Test accuracy of the classifier the loss trained (the prediction recorded in the test feature cache:
 * argmax of zᵀw + b for CE, of u·ŵ for normalised losses, of hᵀm for ETF+DR), plus nearest-class-mean accuracy:
 * class means of the normalised training features, each test sample assigned to the closest mean. No training and
 * no extra encoder pass: it reads the cached features.
 */
public final class ClassifierEvaluator implements Evaluator {

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        FeatureSet test = ctx.features(Split.TEST);
        Optional<int[]> pred = test.predictions();
        if (pred.isEmpty()) {
            throw new PluginException("evaluator 'classifier' needs a trained classifier; this model has none"
                    + " (use 'fixed-prototypes' or a probe for contrastive encoders)");
        }
        double acc = LinearProbe.accuracy(pred.get(), test.labels());
        double[][] means = NearestClassMean.classMeans(ctx.features(Split.TRAIN));
        double ncc = NearestClassMean.accuracy(means, test);
        return new EvalResult("classifier", acc, Map.of("ncc-accuracy", ncc), (System.nanoTime() - t0) / 1e9,
                0, test.weights().orElse(null), test.bias().orElse(null));
    }

    /** Discovery entry. */
    @AutoService(EvaluatorProvider.class)
    public static final class Provider extends SimpleProvider<Evaluator> implements EvaluatorProvider {
        public Provider() {
            super("classifier",
                    "test accuracy of the loss's trained classifier, plus nearest-class-mean accuracy (no extra passes)",
                    List.of(),
                    params -> new ClassifierEvaluator());
        }
    }
}
