package ncdesign.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.Split;
import ncdesign.core.train.RunImages;
import ncdesign.core.train.TrainedModel;
import ncdesign.data.DatasetCatalog;

/**
 * {@code ncd transfer} (the paper's Table 4): the {@code transfer} evaluator on each frozen encoder (the downstream
 * dataset adapted to the encoder's input size and channels, normalised as the encoder was trained, standardised,
 * and a linear classifier with bias trained on it), reported as top-1 accuracy with the mean and the relative
 * improvement over a CE encoder when one is given.
 */
public final class Transfer {
    private Transfer() {
    }

    /** One encoder's result. */
    public record Row(String encoder, String loss, double accuracy) {
    }

    public static List<Row> run(List<Path> encoders, String dataset, Path dataDir, int epochs, double lr, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        DatasetCatalog.load(dataset, Split.TEST, dataDir); // a missing dataset fails before any encoder is opened
        RunImages.Cache cache = new RunImages.Cache(); // the downstream splits are read once for all encoders
        for (Path enc : encoders) {
            try (TrainedModel m = TrainedModel.open(enc, "transfer from")) {
                RunImages images = new RunImages(m.data().test(), m.spec(), dataDir, cache);
                EvalResult r = m.evaluate("transfer", Map.of("dataset", dataset, "epochs", epochs, "lr", lr), images, line -> { });
                rows.add(new Row(enc.getFileName().toString(), m.plan().lossInfo().name(), r.accuracy()));
            }
        }
        print(rows, dataset, out);
        return rows;
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
