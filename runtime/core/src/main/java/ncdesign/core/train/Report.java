package ncdesign.core.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.metric.MetricValue;

/** The end-of-run summary printed on stdout. */
public final class Report {
    private Report() {
    }

    static void print(PrintStream out, Path runDir, double testAcc, List<MetricValue> metrics, List<EvalResult> evals,
                      java.util.Map<String, List<MetricValue>> perClassifier) {
        out.println();
        if (!Double.isNaN(testAcc)) {
            out.printf(Locale.ROOT, "test accuracy: %.2f%%%n", 100 * testAcc);
        }
        if (!evals.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-22s %10s %10s %14s  %s%n", "EVALUATOR", "ACCURACY", "SECONDS", "ENCODER PASSES", "OTHER");
            for (EvalResult r : evals) {
                StringBuilder other = new StringBuilder();
                r.values().forEach((k, v) -> other.append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)).append(' '));
                out.printf(Locale.ROOT, "%-22s %9.2f%% %10.2f %14d  %s%n", r.evaluator(), 100 * r.accuracy(), r.seconds(), r.encoderPasses(), other.toString().trim());
            }
        }
        if (!metrics.isEmpty()) {
            out.println();
            out.println("Neural Collapse metrics on the training features:");
            printMetrics(out, metrics);
        }
        if (!perClassifier.isEmpty()) {
            List<String> keys = List.of("erank-intra", "erank-inter", "erank-weights", "align-weight-instance", "align-weight-class", "mir", "hdr");
            out.println();
            out.println("Neural Collapse of each evaluator's classifier (training features it acts on):");
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-22s", "CLASSIFIER"));
            for (String k : keys) {
                h.append(String.format(Locale.ROOT, " %12s", k.replace("align-weight-", "align-w-")));
            }
            out.println(h);
            perClassifier.forEach((name, values) -> {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", name));
                for (String k : keys) {
                    double v = values.stream().filter(x -> x.name().equals(k)).mapToDouble(MetricValue::value).findFirst().orElse(Double.NaN);
                    row.append(String.format(Locale.ROOT, " %12s", num(v)));
                }
                out.println(row);
            });
        }
        out.println();
        out.println("run folder: " + runDir.toAbsolutePath().normalize());
    }

    /** A table of metric, value, optimum and % of optimum. */
    public static void printMetrics(PrintStream out, List<MetricValue> metrics) {
        out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", "METRIC", "VALUE", "OPTIMUM", "% OF OPTIMUM");
        for (MetricValue v : metrics) {
            out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", v.name(), num(v.value()), num(v.optimum()),
                    Double.isNaN(v.percentOfOptimum()) ? "-" : String.format(Locale.ROOT, "%.1f", v.percentOfOptimum()));
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
