package ncdesign.experiments.reproduce;

import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.experiments.table.PaperTables;
import ncdesign.experiments.table.ReportTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.core.config.TrainConfig;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.io.JsonFileException;
import ncdesign.io.RunLayout;

/**
 * {@code ncd longtail-table}: trained runs grouped into the paper's Table 6 layout — one row per loss, one column per
 * (dataset, imbalance ratio ρ) — with the overall test accuracy (mean over the runs of a cell, e.g. seeds) and, where the
 * dataset is CIFAR-10 or CIFAR-100, the published number beside it. The CSV adds the run count, the standard deviation
 * and the many-/medium-/few-shot accuracies of the {@code long-tail} evaluator.
 */
public final class LongTailTable {
    private LongTailTable() {
    }

    /**
     * One cell: every finished run of a loss on a dataset at one ρ.
     *
     * @param accuracy mean overall test accuracy (fraction); many/medium/few likewise (NaN without the long-tail evaluator)
     * @param std      standard deviation of the overall accuracy over the runs (0 for one run)
     * @param paper    the paper's Table 6 value in %, or NaN when the paper has no such cell
     */
    public record Cell(String loss, String dataset, double rho, List<Path> runs, double accuracy, double std, double many,
                       double medium, double few, double paper) {
    }

    /** Run folders among the arguments: a folder with a configuration ({@link RunLayout#CONFIG}), or every such direct sub-folder of a parent. */
    public static List<Path> expand(List<Path> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path a : args) {
            if (Files.isRegularFile(RunLayout.config(a))) {
                out.add(a);
            } else if (Files.isDirectory(a)) {
                try (var s = Files.list(a)) {
                    List<Path> kids = s.filter(p -> Files.isRegularFile(RunLayout.config(p))).sorted().toList();
                    if (kids.isEmpty()) {
                        throw new DataException(a + " is neither a run folder (" + RunLayout.CONFIG + ") nor a folder of runs; pass run folders made by ncd train");
                    }
                    out.addAll(kids);
                }
            } else {
                throw new DataException(a + " does not exist; pass run folders made by ncd train (or their parent folder)");
            }
        }
        return out;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : o instanceof String s ? parse(s) : Double.NaN;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Groups finished runs (those with summary.json) by loss, dataset and ρ; unfinished ones are reported and skipped. */
    @SuppressWarnings("unchecked")
    public static List<Cell> group(List<Path> runs, PrintStream warnings) {
        record Key(String loss, String dataset, double rho) {
        }
        Map<Key, List<Path>> dirs = new LinkedHashMap<>();
        Map<Key, List<double[]>> values = new LinkedHashMap<>();
        for (Path r : runs) {
            Path summary = RunLayout.summary(r);
            if (!Files.isRegularFile(summary)) {
                warnings.println("longtail-table: " + r + " skipped: no " + RunLayout.SUMMARY + " (the run has not finished)");
                continue;
            }
            Map<String, Object> cfg = TrainConfig.readFile(RunLayout.config(r));
            Map<String, Object> sum;
            try {
                sum = Json.readMap(summary);
            } catch (JsonFileException e) {
                throw new DataException(e.getMessage(), e);
            } catch (IOException e) {
                throw new DataException(summary + ": cannot read (" + e.getMessage() + ")");
            }
            String loss = String.valueOf(cfg.getOrDefault("loss", "ce"));
            String dataset = String.valueOf(cfg.getOrDefault("dataset", "fashion-mnist"));
            double rho = cfg.containsKey("long-tail") ? num(cfg.get("long-tail")) : 1.0;
            Map<String, Object> lt = Tables.evaluation(sum, "long-tail");
            double acc = lt.isEmpty() ? num(sum.get("test_accuracy")) : num(lt.get("accuracy"));
            if (Double.isNaN(acc)) {
                warnings.println("longtail-table: " + r + " skipped: no test accuracy in " + RunLayout.SUMMARY + " (train it with --evaluators classifier,long-tail)");
                continue;
            }
            Key k = new Key(loss, dataset, rho);
            dirs.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            values.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {acc, num(lt.get("many-shot-accuracy")),
                num(lt.get("medium-shot-accuracy")), num(lt.get("few-shot-accuracy"))});
        }
        if (dirs.isEmpty()) {
            throw new DataException("no finished run to tabulate; pass run folders with " + RunLayout.SUMMARY + " (ncd train --long-tail RHO"
                    + " --evaluators classifier,long-tail)");
        }
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<Key, List<Path>> e : dirs.entrySet()) {
            Key k = e.getKey();
            List<double[]> v = values.get(k);
            double[] mean = new double[4];
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (double[] x : v) {
                    s += x[j];
                }
                mean[j] = s / v.size();
            }
            double var = 0;
            for (double[] x : v) {
                var += (x[0] - mean[0]) * (x[0] - mean[0]);
            }
            double std = v.size() > 1 ? Math.sqrt(var / (v.size() - 1)) : 0;
            cells.add(new Cell(k.loss(), k.dataset(), k.rho(), List.copyOf(e.getValue()), mean[0], std, mean[1], mean[2], mean[3],
                    paper(k.loss(), k.dataset(), k.rho())));
        }
        cells.sort(Comparator.comparingInt((Cell c) -> lossOrder(c.loss())).thenComparing(Cell::loss)
                .thenComparingInt(c -> datasetOrder(c.dataset())).thenComparing(Cell::dataset).thenComparing(c -> -c.rho()));
        return cells;
    }

    /** The paper's Table 6 value for a cell (CIFAR-10/100 only), NaN otherwise. */
    static double paper(String loss, String dataset, double rho) {
        if (!dataset.equals("cifar10") && !dataset.equals("cifar100")) {
            return Double.NaN;
        }
        return PaperTables.get("table6", PaperTables.method(loss), dataset + "@" + rho);
    }

    private static int lossOrder(String loss) {
        int i = Suite.LOSSES.indexOf(loss);
        return i < 0 ? Suite.LOSSES.size() : i;
    }

    private static int datasetOrder(String d) {
        return d.equals("cifar10") ? 0 : d.equals("cifar100") ? 1 : 2;
    }

    /** The column title of a dataset and ρ, as the paper writes it (C10-LT ρ=0.1); a balanced set is "C10 balanced". */
    static String column(String dataset, double rho) {
        String d = switch (dataset) {
            case "cifar10" -> "C10";
            case "cifar100" -> "C100";
            default -> dataset;
        };
        return rho < 1 ? d + "-LT ρ=" + rhoText(rho) : d + " balanced";
    }

    static String rhoText(double rho) {
        return rho == Math.rint(rho) ? String.format(Locale.ROOT, "%.0f", rho) : Double.toString(rho);
    }

    private record Col(String dataset, double rho) {
    }

    /** Table 6's layout: one row per loss, per (dataset, ρ) our accuracy (%) and, for CIFAR, the paper's. */
    public static ReportTable table(List<Cell> cells) {
        List<Col> columns = cells.stream().map(c -> new Col(c.dataset(), c.rho())).distinct()
                .sorted(Comparator.comparingInt((Col c) -> datasetOrder(c.dataset())).thenComparing(Col::dataset).thenComparing(c -> -c.rho()))
                .toList();
        List<String> header = new ArrayList<>(List.of("method"));
        for (Col col : columns) {
            header.add(column(col.dataset(), col.rho()));
            if (hasPaper(col.dataset(), col.rho())) {
                header.add("paper");
            }
        }
        ReportTable t = new ReportTable("longtail", "Table 6: long-tailed training sets (overall test accuracy %, ours beside the paper's)", header);
        List<String> losses = new ArrayList<>();
        for (Cell c : cells) {
            if (!losses.contains(c.loss())) {
                losses.add(c.loss());
            }
        }
        int total = 0;
        for (String loss : losses) {
            List<String> row = new ArrayList<>(List.of(PaperTables.method(loss)));
            for (Col col : columns) {
                String dataset = col.dataset();
                double rho = col.rho();
                Cell cell = cells.stream().filter(c -> c.loss().equals(loss) && c.dataset().equals(dataset) && c.rho() == rho)
                        .findFirst().orElse(null);
                row.add(cell == null ? "–" : ReportTable.f(100 * cell.accuracy(), 2) + (cell.runs().size() > 1 ? " (n=" + cell.runs().size() + ")" : ""));
                if (hasPaper(dataset, rho)) {
                    row.add(ReportTable.f(paper(loss, dataset, rho), 1));
                }
                total += cell == null ? 0 : cell.runs().size();
            }
            t.row(row);
        }
        t.note(total + " runs; class c keeps ⌊n_max·ρ^(c/(K−1))⌋ training samples, the test set stays balanced; a cell with"
                + " several runs (seeds) shows their mean. Paper: ResNet-18 on CIFAR-10/100-LT; many/medium/few-shot accuracies"
                + " are in the CSV.");
        return t;
    }

    private static boolean hasPaper(String dataset, double rho) {
        return !Double.isNaN(paper("ce", dataset, rho));
    }

    /** One CSV row per cell: the runs behind it, mean and std of the accuracy, many/medium/few-shot, the paper's value. */
    public static ReportTable csv(List<Cell> cells) {
        ReportTable t = new ReportTable("longtail", "longtail", List.of("method", "loss", "dataset", "rho", "runs", "accuracy", "accuracy_std",
                "many_shot", "medium_shot", "few_shot", "paper", "run_dirs"));
        for (Cell c : cells) {
            t.row(List.of(PaperTables.method(c.loss()), c.loss(), c.dataset(), rhoText(c.rho()), Integer.toString(c.runs().size()),
                    csvNum(100 * c.accuracy(), 4), csvNum(100 * c.std(), 4), csvNum(100 * c.many(), 4),
                    csvNum(100 * c.medium(), 4), csvNum(100 * c.few(), 4), csvNum(c.paper(), 1),
                    String.join(";", c.runs().stream().map(Path::toString).toList())));
        }
        return t;
    }

    /** A number for the CSV: empty when missing (NaN), so spreadsheets read the column as numbers. */
    private static String csvNum(double v, int decimals) {
        return Double.isNaN(v) ? "" : ReportTable.f(v, decimals);
    }

    /** Prints the table and, with {@code out}, writes longtail.md and longtail.csv there. */
    public static List<Cell> run(List<Path> args, Path out, PrintStream o, PrintStream warnings) throws IOException {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out " + out + " is a file; give a folder");
        }
        List<Cell> cells = group(expand(args), warnings);
        ReportTable t = table(cells);
        o.print(t.text());
        if (out != null) {
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve("longtail.md"), t.markdown());
            AtomicFiles.writeString(out.resolve("longtail.csv"), csv(cells).csv());
            o.println("written: " + out.resolve("longtail.md") + ", " + out.resolve("longtail.csv"));
        }
        return cells;
    }
}
