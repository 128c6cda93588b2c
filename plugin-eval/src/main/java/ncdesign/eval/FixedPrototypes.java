package ncdesign.eval;

import com.google.auto.service.AutoService;
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
 * Fixed prototypes (the paper's FP): the classifier is the normalised class means of the normalised
 * projection-head features of the training set, P̂_c = normalise(mean_{y_i=c} u_i); prediction argmax_c uᵀP̂_c.
 * Nothing is trained: one pass over the training data (the cached one). Variant {@code ema} follows the official
 * code instead: P_c ← m·P_c + (1 − m)·(batch mean of class c) over one augmented epoch, momentum m = 0.99.
 */
public final class FixedPrototypes implements Evaluator {
    private final boolean ema;
    private final double momentum;
    private final int batch;

    FixedPrototypes(boolean ema, double momentum, int batch) {
        this.ema = ema;
        this.momentum = momentum;
        this.batch = batch;
    }

    /** The column FP works on: projection-head features when the model has them. */
    static String column(FeatureSet fs) {
        return fs.columns().contains("head_features") ? "head_features" : "features";
    }

    /** Normalised class means of the normalised rows of {@code fs}; an empty class is an error. */
    static float[][] prototypes(FeatureSet fs) {
        double[][] means = NearestClassMean.classMeans(fs);
        float[][] p = new float[means.length][];
        for (int c = 0; c < means.length; c++) {
            p[c] = unit(means[c]);
        }
        return p;
    }

    static float[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double inv = 1.0 / Math.max(Math.sqrt(s), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        FeatureSet train = ctx.features(Split.TRAIN);
        String col = column(train);
        float[][] protos;
        long passes;
        if (!ema) {
            protos = prototypes(train.select(col));
            passes = ctx.encoderPasses(Split.TRAIN);
        } else {
            FeatureSet aug = ctx.augmentedTrainFeatures(1).select(col);
            protos = emaPrototypes(aug, ctx.numClasses());
            passes = aug.size();
        }
        FeatureSet test = ctx.features(Split.TEST).select(col);
        double acc = LinearProbe.accuracy(new LinearProbe.Fit(protos, null), test);
        // Named after the provider whatever the variant: the runtime files the prototypes under this name, and export and
        // robustness look for "fixed-prototypes" (the variant is in the run's configuration).
        return new EvalResult("fixed-prototypes", acc, Map.of(),
                (System.nanoTime() - t0) / 1e9, passes, protos, null, col);
    }

    private float[][] emaPrototypes(FeatureSet fs, int k) {
        int d = fs.dim();
        float[] x = LinearProbe.dense(fs);
        LinearProbe.normalizeRows(x, d);
        int[] y = fs.labels();
        double[][] p = null;
        boolean[] seen = new boolean[k];
        for (int start = 0; start < y.length; start += batch) {
            int end = Math.min(y.length, start + batch);
            double[][] sum = new double[k][d];
            int[] n = new int[k];
            for (int i = start; i < end; i++) {
                n[y[i]]++;
                for (int j = 0; j < d; j++) {
                    sum[y[i]][j] += x[i * d + j];
                }
            }
            if (p == null) {
                p = new double[k][d];
            }
            for (int c = 0; c < k; c++) {
                if (n[c] == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double mean = sum[c][j] / n[c];
                    p[c][j] = seen[c] ? momentum * p[c][j] + (1 - momentum) * mean : mean;
                }
                seen[c] = true;
            }
        }
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            if (!seen[c]) {
                throw new PluginException("class " + c + " has no training samples; fixed prototypes need every class");
            }
            out[c] = unit(p[c]);
        }
        return out;
    }

    /** Discovery entry. */
    @AutoService(EvaluatorProvider.class)
    public static final class Provider extends SimpleProvider<Evaluator> implements EvaluatorProvider {
        public Provider() {
            super("fixed-prototypes",
                    "FP: normalised class means of the (head) features as the classifier; one pass, nothing trained",
                    List.of(ParamSpec.ofChoice("variant", "mean", "mean = exact class means; ema = official code's EMA over augmented batches", "mean", "ema"),
                            ParamSpec.ofDouble("momentum", 0.99, "EMA momentum").atLeast(0).atMost(1),
                            ParamSpec.ofInt("batch", 512, "batch size of the EMA").atLeast(1)),
                    p -> new FixedPrototypes(p.getString("variant").equals("ema"), p.getDouble("momentum"), p.getInt("batch")));
        }
    }
}
