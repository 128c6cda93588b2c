package ncdesign.eval;

import com.google.auto.service.AutoService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.SimpleProvider;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Evaluator;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.ParamSpec;

/**
 * Long-tailed evaluation (the paper's Table 6): overall test accuracy of the trained classifier and its accuracy on
 * many-shot (more than {@code many} training samples), medium-shot and few-shot (fewer than {@code few}) classes,
 * counted on the (imbalanced) training split. The test split is balanced.
 */
public final class LongTail implements Evaluator {
    private final int many;
    private final int few;

    LongTail(int many, int few) {
        this.many = many;
        this.few = few;
    }

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        FeatureSet train = ctx.features(Split.TRAIN);
        FeatureSet test = ctx.features(Split.TEST);
        int[] pred = test.predictions().orElseThrow(() -> new PluginException("evaluator 'long-tail' needs a trained classifier"));
        int k = ctx.numClasses();
        int[] counts = new int[k];
        for (int y : train.labels()) {
            counts[y]++;
        }
        long[] ok = new long[3];
        long[] n = new long[3];
        long total = 0;
        int[] y = test.labels();
        for (int i = 0; i < y.length; i++) {
            int g = counts[y[i]] > many ? 0 : counts[y[i]] < few ? 2 : 1;
            n[g]++;
            if (pred[i] == y[i]) {
                ok[g]++;
                total++;
            }
        }
        Map<String, Double> v = new LinkedHashMap<>();
        String[] names = {"many-shot", "medium-shot", "few-shot"};
        for (int g = 0; g < 3; g++) {
            v.put(names[g] + "-accuracy", n[g] == 0 ? Double.NaN : (double) ok[g] / n[g]);
            final int group = g;
            v.put(names[g] + "-classes", (double) java.util.Arrays.stream(counts).filter(c -> groupOf(c) == group).count());
        }
        return new EvalResult("long-tail", (double) total / Math.max(1, y.length), v, (System.nanoTime() - t0) / 1e9, 0,
                null, null);
    }

    private int groupOf(int count) {
        return count > many ? 0 : count < few ? 2 : 1;
    }

    /** Discovery entry. */
    @AutoService(EvaluatorProvider.class)
    public static final class Provider extends SimpleProvider<Evaluator> implements EvaluatorProvider {
        public Provider() {
            super("long-tail", "overall, many-, medium- and few-shot test accuracy by training-class size (Table 6)",
                    List.of(ParamSpec.ofInt("many", 100, "classes with more training samples are many-shot").atLeast(1),
                            ParamSpec.ofInt("few", 20, "classes with fewer training samples are few-shot").atLeast(1)),
                    p -> new LongTail(p.getInt("many"), p.getInt("few")));
        }
    }
}
