package ncdesign.experiments.reproduce;

import ncdesign.experiments.table.PaperTables;
import ncdesign.experiments.table.ReportTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ncdesign.data.Corruptions;
import ncdesign.data.DatasetCatalog;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.experiments.Robustness;
import ncdesign.core.train.Trainer;
import ncdesign.experiments.Transfer;

/**
 * Tables 4 and 5: the downstream protocols applied to the encoders of Table 1. Nothing is trained for them; each
 * transfer result is kept in {@code OUT/transfer/CELL-to-TARGET.json} and the robustness evaluation in
 * {@code OUT/robustness/}, so a rerun only renders.
 */
final class Downstream {
    /** Version of the transfer protocol; a cached result of another version is recomputed. */
    static final String PROTOCOL = "linear-probe-cached on standardised features";

    private Downstream() {
    }

    /** The downstream dataset for encoders trained on {@code dataset}: the pairs of the issue that run without ImageNet. */
    static String transferTarget(String dataset) {
        return switch (dataset) {
            case "fashion-mnist" -> "mnist";
            case "mnist" -> "fashion-mnist";
            case "cifar10" -> "cifar100";
            case "cifar100" -> "cifar10";
            default -> null;
        };
    }

    /** Table 4: frozen encoders, a linear classifier on the downstream dataset, top-1 and the change against CE. */
    static ReportTable table4(Suite s, Suite.Entry e, Tables.Results r, Path out, Path dataDir, PrintStream log) throws IOException {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (String c : e.cells()) {
            bySource.computeIfAbsent(s.cells.get(c).dataset(), k -> new ArrayList<>()).add(c);
        }
        List<String> pairs = new ArrayList<>();
        Map<String, Map<String, Double>> acc = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : bySource.entrySet()) {
            String target = transferTarget(g.getKey());
            Optional<String> missing = target == null ? Optional.of("no downstream dataset is paired with " + g.getKey())
                    : DatasetCatalog.missing(target, dataDir);
            if (missing.isPresent()) {
                notes.add(g.getKey() + " → " + target + " not run: " + missing.get());
                continue;
            }
            String pair = g.getKey() + " → " + target;
            Map<String, Double> byLoss = new LinkedHashMap<>();
            for (String c : g.getValue()) {
                if (r.summary(c) != null) {
                    byLoss.put(s.cells.get(c).loss(), transfer(c, r.dir(c), target, s.transferEpochs, out, dataDir, log));
                }
            }
            if (!byLoss.isEmpty()) {
                pairs.add(pair);
                acc.put(pair, byLoss);
            }
        }
        List<String> header = new ArrayList<>(List.of("method"));
        for (String p : pairs) {
            header.add(p + " (ours)");
            header.add("vs CE");
        }
        header.addAll(List.of("mean (ours)", "vs CE", "paper CIFAR-10", "paper CIFAR-100", "paper mean of 8", "paper vs CE"));
        ReportTable t = new ReportTable("table4", "Table 4: transfer learning, frozen encoder + linear classifier (top-1 %)", header);
        double ceMean = mean(pairs, acc, "ce");
        double paperCe = PaperTables.get("table4", "CE", "mean");
        for (String loss : Suite.LOSSES) {
            List<String> row = new ArrayList<>(List.of(PaperTables.method(loss)));
            for (String p : pairs) {
                double ours = 100 * acc.get(p).getOrDefault(loss, Double.NaN);
                row.add(ReportTable.f(ours, 2));
                row.add(relative(loss, ours, 100 * acc.get(p).getOrDefault("ce", Double.NaN)));
            }
            double m = mean(pairs, acc, loss);
            row.add(ReportTable.f(m, 2));
            row.add(relative(loss, m, ceMean));
            String method = PaperTables.method(loss);
            double pm = PaperTables.get("table4", method, "mean");
            row.add(ReportTable.f(PaperTables.get("table4", method, "cifar10"), 1));
            row.add(ReportTable.f(PaperTables.get("table4", method, "cifar100"), 1));
            row.add(ReportTable.f(pm, 1));
            row.add(relative(loss, pm, paperCe));
            t.row(row);
        }
        t.note("Each encoder of Table 1 is frozen; a linear classifier (CE with bias, " + s.transferEpochs + " epochs, cached features) "
                + "is trained on the downstream training set (features standardised with its statistics) and scored on its test set. 'vs CE' = relative change of top-1 against the CE encoder, "
                + "as in the paper's last row. Images are resized and their channels adapted to the encoder's input (grey → RGB by repetition).");
        t.note("The paper's encoders are ResNet-50s trained on ImageNet and transferred to 8 datasets; its CIFAR columns are shown for the ranking only.");
        notes.forEach(t::note);
        return t;
    }

    private static double mean(List<String> pairs, Map<String, Map<String, Double>> acc, String loss) {
        return 100 * pairs.stream().mapToDouble(p -> acc.get(p).getOrDefault(loss, Double.NaN)).average().orElse(Double.NaN);
    }

    private static String relative(String loss, double v, double ce) {
        return loss.equals("ce") || Double.isNaN(v) || Double.isNaN(ce) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (v - ce) / ce);
    }

    private static double transfer(String cell, Path dir, String target, int epochs, Path out, Path dataDir, PrintStream log) throws IOException {
        Path f = out.resolve("transfer").resolve(cell + "-to-" + target + ".json");
        Map<String, Object> cached = read(f);
        if (cached != null && Tables.num(cached.get("epochs")) == epochs && PROTOCOL.equals(cached.get("protocol"))) {
            return Tables.num(cached.get("accuracy"));
        }
        long t0 = System.nanoTime();
        log.printf(Locale.ROOT, "transfer %s → %s ... ", cell, target);
        log.flush();
        double a;
        try {
            a = Reproduce.quietly(() -> Transfer.run(List.of(dir), target, dataDir, epochs, 0.5, Trainer.QUIET).get(0).accuracy());
        } catch (IOException | RuntimeException ex) {
            log.println("failed");
            throw ex;
        } catch (Exception ex) {
            log.println("failed");
            throw new IOException(ex.getMessage(), ex);
        }
        log.printf(Locale.ROOT, "%s, top-1 %.2f%%%n", Reproduce.duration((System.nanoTime() - t0) / 1e9), 100 * a);
        Files.createDirectories(f.getParent());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("encoder", dir.toString());
        doc.put("target", target);
        doc.put("epochs", epochs);
        doc.put("protocol", PROTOCOL);
        doc.put("accuracy", a);
        AtomicFiles.writeString(f, Json.write(doc) + "\n");
        return a;
    }

    /** Table 5: clean error, mCE (raw and normalised by CE) and error per corruption on the test set of the Table 1 runs. */
    @SuppressWarnings("unchecked")
    static ReportTable table5(Suite s, Suite.Entry e, Tables.Results r, Path out, Path dataDir, PrintStream log) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path baseline = null;
        for (String c : e.cells()) {
            if (r.summary(c) != null) {
                dirs.add(r.dir(c).toAbsolutePath().normalize());
                if (s.cells.get(c).loss().equals("ce")) {
                    baseline = r.dir(c).toAbsolutePath().normalize();
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("method", "error", "mCE", "mCE / CE's"));
        Corruptions.SHORT_NAMES.forEach(header::add);
        String dataset = e.cells().isEmpty() ? "" : s.cells.get(e.cells().get(0)).dataset();
        ReportTable t = new ReportTable("table5", "Table 5: corruption robustness on " + dataset + "-C (error %, lower is better)", header);
        if (!dirs.isEmpty()) {
            Path dir = out.resolve("robustness");
            Map<String, Object> doc = read(dir.resolve("robustness.json"));
            List<String> have = doc == null ? List.of() : ((List<Map<String, Object>>) doc.get("runs")).stream().map(m -> (String) m.get("run")).toList();
            int images = doc == null ? -1 : (int) Tables.num(doc.get("test_images"));
            boolean fresh = doc != null && have.equals(dirs.stream().map(Path::toString).toList())
                    && (s.robustnessLimit == 0 || images == s.robustnessLimit);
            if (!fresh) {
                log.printf(Locale.ROOT, "robustness of %d runs under %d corruptions x 5 severities%s ...%n", dirs.size(), Corruptions.NAMES.size(),
                        s.robustnessLimit > 0 ? " on the first " + s.robustnessLimit + " test images" : "");
                Robustness.run(new Robustness.Options(dirs, baseline, Corruptions.NAMES, List.of(1, 2, 3, 4, 5), s.robustnessLimit, dataDir,
                        "auto", 0, true, dir), Trainer.QUIET, log);
                doc = read(dir.resolve("robustness.json"));
                images = (int) Tables.num(doc.get("test_images"));
            }
            for (Map<String, Object> run : (List<Map<String, Object>>) doc.get("runs")) {
                List<String> row = new ArrayList<>(List.of((String) run.get("method") + " (ours)",
                        pct(run.get("clean_error")), pct(run.get("mce")), pct(run.get("mce_normalised"))));
                Map<String, Object> cs = (Map<String, Object>) run.get("corruptions");
                for (String c : Corruptions.NAMES) {
                    Object x = cs.get(c);
                    row.add(x instanceof Map<?, ?> m ? pct(m.get("error")) : "–");
                }
                t.row(row);
            }
            t.note("Ours: the first " + images + " " + dataset + " test images under each of the 15 corruptions at severities 1–5 "
                    + "(CIFAR-10-C parameters, generated in Java); error per corruption = mean over severities; mCE = mean over corruptions; "
                    + "mCE / CE's = mean over corruptions of Σ_s E(run) / Σ_s E(CE run). Full results: robustness/robustness.{md,csv,json}.");
            ((Map<String, Object>) doc.getOrDefault("skipped", Map.of())).forEach((c, why) -> t.note(c + " not evaluated: " + why));
        }
        for (String loss : Suite.LOSSES) {
            String method = PaperTables.method(loss);
            List<String> row = new ArrayList<>(List.of(method + " (paper)", ReportTable.f(PaperTables.get("table5", method, "error"), 1),
                    ReportTable.f(PaperTables.get("table5", method, "mce"), 1), ""));
            Corruptions.SHORT_NAMES.forEach(c -> row.add(ReportTable.f(PaperTables.get("table5", method, c), 0)));
            t.row(row);
        }
        t.note("Paper: ResNet-50 on ImageNet-C, mCE normalised by AlexNet's errors (so its mCE is not on our scale); compare the ranking.");
        Tables.skippedNotes(t, e, r);
        return t;
    }

    private static String pct(Object fraction) {
        return ReportTable.f(100 * Tables.num(fraction), 1);
    }

    private static Map<String, Object> read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        return Json.readMap(f); // a truncated cache fails naming its file and line
    }
}
