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
import ncdesign.api.eval.ImageBatch;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.ParamSpec;

/**
 * {@code transfer} (the paper's Table 4): the frozen encoder encodes a downstream dataset (adapted to its input size
 * and channels, normalised as it was trained), a linear classifier with bias is trained on the standardised
 * features as {@code linear-probe-cached} trains one, and its downstream top-1 accuracy is the result.
 */
public final class TransferProbe implements Evaluator {
    static final String NAME = "transfer";
    private final String dataset;
    private final LinearProbe.Options options;

    TransferProbe(String dataset, LinearProbe.Options options) {
        this.dataset = dataset;
        this.options = options;
    }

    @Override
    public EvalResult evaluate(EvalContext ctx) {
        long t0 = System.nanoTime();
        Encoders m = Encoders.require(ctx, NAME, "ncd transfer --encoder RUN_DIR --dataset " + dataset);
        ImageBatch train = m.images().dataset(dataset, Split.TRAIN);
        ImageBatch test = m.images().dataset(dataset, Split.TEST);
        FeatureSet[] f = {m.encoder().encode(train).select("features"), m.encoder().encode(test).select("features")};
        standardise(f);
        LinearProbe.Fit fit = LinearProbe.train(epoch -> f[0], train.numClasses(), options, ctx.seed());
        double acc = LinearProbe.accuracy(fit, f[1]);
        // no classifier in the result: it acts on another dataset's classes, not on this model's features
        return new EvalResult(NAME, acc, Map.of(), (System.nanoTime() - t0) / 1e9, train.size() + test.size(), null, null);
    }

    /**
     * Standardises every feature dimension with the mean and standard deviation of the downstream training features
     * (the test features use the same statistics). Encoders trained with normalised losses leave the scale of their
     * un-normalised features free (weight decay shrinks it), so without this one learning rate cannot suit every
     * encoder: at lr 0.5 a NONL encoder transferred at 13% where its standardised features reach the CE encoder's level.
     */
    static void standardise(FeatureSet[] f) {
        int d = f[0].dim();
        double[] sum = new double[d];
        double[] sq = new double[d];
        f[0].forEachBlock((offset, rows, data) -> {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    double v = data[i * d + j];
                    sum[j] += v;
                    sq[j] += v * v;
                }
            }
        });
        int n = f[0].size();
        float[] mean = new float[d];
        float[] inv = new float[d];
        for (int j = 0; j < d; j++) {
            double m = sum[j] / n;
            double var = Math.max(0, sq[j] / n - m * m);
            mean[j] = (float) m;
            inv[j] = var > 0 ? (float) (1 / Math.sqrt(var)) : 0; // a constant dimension carries nothing: zeroed
        }
        for (int s = 0; s < 2; s++) {
            float[] x = LinearProbe.dense(f[s]);
            for (int i = 0; i < x.length; i++) {
                x[i] = (x[i] - mean[i % d]) * inv[i % d];
            }
            f[s] = new DenseFeatureSet(x, d, f[s].labels(), f[s].numClasses());
        }
    }

    /** Discovery entry. */
    @AutoService(EvaluatorProvider.class)
    public static final class Provider extends SimpleProvider<Evaluator> implements EvaluatorProvider {
        public Provider() {
            super(NAME,
                    "Table 4: linear probe with bias on the frozen encoder's standardised features of another dataset; needs the trained model",
                    List.of(
                            ParamSpec.ofString("dataset", "", "downstream dataset: fashion-mnist, mnist, cifar10, cifar100, synthetic, folder:PATH"),
                            ParamSpec.ofInt("epochs", 10, "epochs of the linear classifier (lr x0.2 after 60, 75, 90% of them)").atLeast(1),
                            ParamSpec.ofDouble("lr", 0.5, "learning rate of the linear classifier").greaterThan(0)),
                    // linear-probe-cached's defaults: SGD momentum 0.9, x0.2 at the default milestones, batch 256
                    p -> {
                        if (p.getString("dataset").isBlank()) { // refused before a run trains
                            throw new PluginException("evaluator '" + NAME + "' needs a downstream dataset; set transfer.dataset=NAME (e.g. fashion-mnist)");
                        }
                        return new TransferProbe(p.getString("dataset"), new LinearProbe.Options(p.getInt("epochs"), p.getDouble("lr"), 0.9,
                                List.of(), 0.2, 256, false, 1));
                    });
        }
    }
}
