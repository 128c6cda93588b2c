package ncdesign.experiments;

import ncdesign.core.train.FeatureEvalContext;
import ncdesign.core.train.TrainedModel;
import ncdesign.core.train.Trainer;
import ncdesign.api.backbone.InputSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.Params;
import ncdesign.data.Dataset;
import ncdesign.data.DatasetCatalog;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginRegistry;

/**
 * {@code ncd transfer} (the paper's Table 4): freeze each encoder, encode a downstream dataset with it (images
 * adapted to the encoder's input size and channels, normalised as the encoder was trained), train a linear
 * classifier with bias on the frozen features ({@code linear-probe-cached}) and report top-1 accuracy, with the mean
 * and the relative improvement over a CE encoder when one is given.
 */
public final class Transfer {
    private Transfer() {
    }

    /** One encoder's result. */
    public record Row(String encoder, String loss, double accuracy) {
    }

    public static List<Row> run(List<Path> encoders, String dataset, Path dataDir, int epochs, double lr, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        Dataset downTrain = DatasetCatalog.load(dataset, Split.TRAIN, dataDir);
        Dataset downTest = DatasetCatalog.load(dataset, Split.TEST, dataDir);
        PluginRegistry reg = null;
        long seed = 0;
        for (Path enc : encoders) {
            FeatureSet[] f = new FeatureSet[2];
            String loss;
            try (TrainedModel m = TrainedModel.open(enc, "transfer from")) {
                InputSpec spec = m.spec();
                f[0] = m.features(downTrain.adapt(spec.height(), spec.width(), spec.channels()));
                f[1] = m.features(downTest.adapt(spec.height(), spec.width(), spec.channels()));
                loss = m.plan().lossInfo().name();
                reg = m.registry();
                seed = m.config().seed();
            }
            standardise(f);
            PluginInfo probe = reg.get(PluginKind.EVALUATOR, "linear-probe-cached");
            EvaluatorProvider ep = (EvaluatorProvider) probe.provider();
            int m1 = Math.max(1, epochs * 60 / 100);
            int m2 = Math.max(1, epochs * 75 / 100);
            int m3 = Math.max(1, epochs * 90 / 100);
            Params params = Params.resolve("evaluator 'linear-probe-cached'", ep.parameters(),
                    Map.of("epochs", epochs, "lr", lr, "milestones", m1 + "," + m2 + "," + m3));
            EvalContext ctx = new FeatureEvalContext(downTrain.numClasses(), downTrain.classNames(), f[0], f[1], epoch -> f[0], seed);
            EvalResult r = Trainer.create(probe, () -> ep.create(params).evaluate(ctx));
            rows.add(new Row(enc.getFileName().toString(), loss, r.accuracy()));
        }
        print(rows, dataset, out);
        return rows;
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
            float[] x = new float[f[s].size() * d];
            f[s].forEachBlock((offset, rows, data) -> {
                for (int i = 0; i < rows * d; i++) {
                    x[offset * d + i] = (data[i] - mean[i % d]) * inv[i % d];
                }
            });
            f[s] = ncdesign.features.MemoryFeatureSet.of(x, d, f[s].labels(), f[s].numClasses(), null, null, null);
        }
    }

    static void print(List<Row> rows, String dataset, PrintStream out) {
        out.printf(Locale.ROOT, "%ntransfer to %s (linear probe on frozen features)%n", dataset);
        out.printf(Locale.ROOT, "%-28s %-10s %10s %14s%n", "ENCODER", "LOSS", "TOP-1", "VS CE");
        double ce = rows.stream().filter(r -> r.loss().equals("ce")).mapToDouble(Row::accuracy).findFirst().orElse(Double.NaN);
        double sum = 0;
        for (Row r : rows) {
            sum += r.accuracy();
            String rel = Double.isNaN(ce) || r.loss().equals("ce") ? "" : String.format(Locale.ROOT, "%+.2f%%", 100 * (r.accuracy() - ce) / ce);
            out.printf(Locale.ROOT, "%-28s %-10s %9.2f%% %14s%n", r.encoder(), r.loss(), 100 * r.accuracy(), rel);
        }
        out.printf(Locale.ROOT, "%-28s %-10s %9.2f%%%n", "mean", "", 100 * sum / Math.max(1, rows.size()));
    }
}
