package ncdesign.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.data.Corruptions;
import ncdesign.experiments.Robustness.Result;
import ncdesign.experiments.Robustness.RunErrors;
import ncdesign.experiments.table.ReportTable;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;

/** {@code ncd robustness}'s output: Table 5's layouts (text, Markdown), robustness.csv and robustness.json. */
final class RobustnessTables {
    private RobustnessTables() {
    }

    private static String pct(double v) {
        return ReportTable.f(100 * v, 1);
    }

    /** The tables in Table 5's layout: errors (always) and errors normalised by the baseline (with one). */
    static List<ReportTable> tables(Result r) {
        List<String> header = new ArrayList<>(List.of("method", "error", "mCE"));
        for (String c : Corruptions.NAMES) {
            if (r.corruptions().contains(c) || r.skipped().containsKey(c)) {
                header.add(Corruptions.shortName(c));
            }
        }
        String sev = r.severities().size() == 5 ? "severities 1-5" : "severities " + r.severities();
        ReportTable raw = new ReportTable("robustness", "Corruption error on " + r.dataset() + "-C (%, top-1 error averaged over "
                + sev + "; mCE = mean over corruptions)", header);
        ReportTable norm = r.baseline() == null ? null : new ReportTable("robustness-normalised",
                "Corruption error normalised by " + r.baseline().getFileName() + " (%, CE_c = sum_s E_s,c / sum_s E_s,c(baseline); mCE = mean)",
                header);
        for (RunErrors e : r.runs()) {
            List<String> row = new ArrayList<>(List.of(e.method(), pct(e.clean()), pct(e.scores().mce())));
            List<String> nrow = new ArrayList<>(List.of(e.method(), pct(e.clean()), pct(e.scores().normalisedMce())));
            for (String c : Corruptions.NAMES) {
                if (r.corruptions().contains(c)) {
                    row.add(pct(e.scores().errors().get(c)));
                    nrow.add(pct(e.scores().normalised().getOrDefault(c, Double.NaN)));
                } else if (r.skipped().containsKey(c)) {
                    row.add("–");
                    nrow.add("–");
                }
            }
            raw.row(row);
            if (norm != null) {
                norm.row(nrow);
            }
        }
        List<ReportTable> out = new ArrayList<>(List.of(raw));
        if (norm != null) {
            out.add(norm);
        }
        for (ReportTable t : out) {
            t.note("Test set: the first " + r.testImages() + " " + r.dataset() + " test images, each corrupted with the CIFAR-10-C"
                    + " parameters (seeded per image); error = clean top-1 error.");
            for (RunErrors e : r.runs()) {
                t.note(e.method() + ": " + e.dir() + ", predictions of " + (e.predictor().equals("classifier")
                        ? "the loss's trained classifier" : "the classifier saved by " + e.predictor().substring("evaluator:".length())));
            }
            r.skipped().forEach((c, why) -> t.note(c + " not evaluated (mCE over the other " + r.corruptions().size()
                    + " corruptions): " + why));
        }
        return out;
    }

    /** The CSV: one row per run, every score, and the error of every (corruption, severity). */
    static ReportTable csv(Result r) {
        List<String> header = new ArrayList<>(List.of("run", "method", "loss", "predictor", "test_images", "error", "mce", "mce_normalised"));
        for (String c : r.corruptions()) {
            header.add(c);
            header.add(c + "_normalised");
            for (int s : r.severities()) {
                header.add(c + "_s" + s);
            }
        }
        ReportTable t = new ReportTable("robustness", "robustness", header);
        for (RunErrors e : r.runs()) {
            List<String> row = new ArrayList<>(List.of(e.dir().toString(), e.method(), e.loss(), e.predictor(), Integer.toString(r.testImages()),
                    pct4(e.clean()), pct4(e.scores().mce()), pct4(e.scores().normalisedMce())));
            for (String c : r.corruptions()) {
                row.add(pct4(e.scores().errors().get(c)));
                row.add(pct4(e.scores().normalised().getOrDefault(c, Double.NaN)));
                for (int s : r.severities()) {
                    row.add(pct4(e.errors().get(c)[s - 1]));
                }
            }
            t.row(row);
        }
        return t;
    }

    private static String pct4(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", 100 * v);
    }

    private static Map<String, Object> json(Result r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataset", r.dataset());
        doc.put("test_images", r.testImages());
        doc.put("severities", new ArrayList<Object>(r.severities()));
        doc.put("corruptions", new ArrayList<Object>(r.corruptions()));
        doc.put("skipped", new LinkedHashMap<String, Object>(r.skipped()));
        doc.put("baseline", r.baseline() == null ? null : r.baseline().toString());
        doc.put("units", "errors are fractions in [0, 1]; normalised values are ratios to the baseline (1 = as the baseline)");
        List<Object> runs = new ArrayList<>();
        for (RunErrors e : r.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", e.dir().toString());
            m.put("method", e.method());
            m.put("loss", e.loss());
            m.put("predictor", e.predictor());
            m.put("clean_error", e.clean());
            m.put("mce", e.scores().mce());
            m.put("mce_normalised", e.scores().normalisedMce());
            Map<String, Object> cs = new LinkedHashMap<>();
            for (String c : r.corruptions()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("errors_by_severity", e.errors().get(c));
                x.put("error", e.scores().errors().get(c));
                x.put("normalised", e.scores().normalised().getOrDefault(c, Double.NaN));
                cs.put(c, x);
            }
            m.put("corruptions", cs);
            runs.add(m);
        }
        doc.put("runs", runs);
        return doc;
    }

    static void write(Path dir, Result r, List<ReportTable> tables) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Corruption robustness\n\n");
        for (ReportTable t : tables) {
            md.append(t.markdown());
        }
        AtomicFiles.writeString(dir.resolve("robustness.csv"), csv(r).csv());
        AtomicFiles.writeString(dir.resolve("robustness.md"), md.toString());
        AtomicFiles.writeString(dir.resolve("robustness.json"), Json.write(json(r)) + "\n");
    }
}
