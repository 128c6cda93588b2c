package ncdesign.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * The probes fixed prototypes replace, all on frozen, unnormalised encoder features (plugins {@link Lp},
 * {@link LpCached}, {@link Nlp}):
 * <ul>
 *   <li>{@code linear-probe} (LP): linear classifier with bias, cross-entropy, SGD lr 5.0, momentum 0.9, no weight
 *       decay, ×0.2 after 60, 75 and 90% of the epochs (60, 75, 90 of 100); every epoch re-augments the images (T×N encoder passes);</li>
 *   <li>{@code linear-probe-cached}: the same classifier on features cached once (N passes);</li>
 *   <li>{@code normalized-probe} (NLP): no bias, normalised features and weights, NormFace loss with temperature τ,
 *       on cached features.</li>
 * </ul>
 */
public final class Probes implements Evaluator {
    private final String name;
    private final LinearProbe.Options options;
    private final boolean reaugment;

    Probes(String name, LinearProbe.Options options, boolean reaugment) {
        this.name = name;
        this.options = options;
        this.reaugment = reaugment;
    }

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        FeatureSet cached = ctx.features(Split.TRAIN).select("features");
        long[] passes = {reaugment ? 0 : ctx.encoderPasses(Split.TRAIN)};
        LinearProbe.Fit fit = LinearProbe.train(epoch -> {
            if (!reaugment) {
                return cached;
            }
            FeatureSet aug = ctx.augmentedTrainFeatures(epoch).select("features");
            passes[0] += aug.size();
            return aug;
        }, ctx.numClasses(), options, ctx.seed());
        double acc = LinearProbe.accuracy(fit, ctx.features(Split.TEST).select("features"));
        return new EvalResult(name, acc, Map.of(), (System.nanoTime() - t0) / 1e9, passes[0], fit.weights(), fit.bias(), "features");
    }

    /** The parameters of every probe, with initial learning rate {@code lr}, then {@code extra}. */
    static List<ParamSpec> specs(double lr, ParamSpec... extra) {
        List<ParamSpec> specs = new ArrayList<>(List.of(
                ParamSpec.ofInt("epochs", 100, "training epochs T").atLeast(1),
                ParamSpec.ofDouble("lr", lr, "initial learning rate").greaterThan(0),
                ParamSpec.ofDouble("momentum", 0.9, "SGD momentum").atLeast(0).atMost(0.999),
                ParamSpec.ofIntList("milestones", List.of(), "epochs after which lr is multiplied by gamma (none given: 60, 75, 90% of epochs)"),
                ParamSpec.ofDouble("gamma", 0.2, "step decay factor").greaterThan(0),
                ParamSpec.ofInt("batch", 256, "mini-batch size").atLeast(1)));
        specs.addAll(List.of(extra));
        return specs;
    }

    static LinearProbe.Options options(Params p, boolean normalized, double tau) {
        return new LinearProbe.Options(p.getInt("epochs"), p.getDouble("lr"), p.getDouble("momentum"), p.getIntList("milestones"),
                p.getDouble("gamma"), p.getInt("batch"), normalized, tau);
    }
}
