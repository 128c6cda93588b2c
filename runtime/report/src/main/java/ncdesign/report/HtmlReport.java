package ncdesign.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.io.AtomicFiles;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code ncd report}: a self-contained HTML page (charts embedded as PNG, and written as PNG and SVG files) with the
 * paper's Figure 2 panels — training accuracy and, as % of their optimum, the alignments and effective ranks
 * against training steps, one line per run, the 95% threshold dashed and each run's convergence point marked —
 * and tables of accuracy, final NC metrics and convergence.
 */
public final class HtmlReport {
    /** The Figure 2 panels: metric name and title. */
    static final List<String[]> PANELS = List.of(
            new String[] {"align-weight-instance", "Weight–instance alignment"},
            new String[] {"align-weight-class", "Weight–class alignment"},
            new String[] {"erank-intra", "Intra-class effective rank"},
            new String[] {"erank-inter", "Inter-class effective rank"},
            new String[] {"erank-weights", "Weight effective rank"});

    private HtmlReport() {
    }

    private static List<Map<String, Object>> jsonl(Path f) throws IOException {
        return Files.isRegularFile(f) ? Json.readLines(f) : new ArrayList<>();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Writes {@code out/report.html} and the chart files; returns the HTML file. */
    @SuppressWarnings("unchecked")
    public static Path write(List<Path> runs, Path out, double alpha, double threshold, double tolerance) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> sweeps = new ArrayList<>();
        List<Path> plain = new ArrayList<>();
        for (Path r : runs) {
            if (Files.isRegularFile(r.resolve("sweep-summary.csv"))) {
                sweeps.add(r);
            } else if (Files.isRegularFile(RunLayout.metricsJsonl(r))) {
                plain.add(r);
            } else {
                throw new DataException(r + " is neither a run folder (" + RunLayout.METRICS_JSONL + ") nor a sweep folder (sweep-summary.csv)");
            }
        }
        runs = plain;
        Files.createDirectories(out);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>ncdesign report</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}")
                .append("img{max-width:560px;margin:4px}</style></head><body><h1>ncdesign report</h1>");
        html.append("<p>Runs: ").append(String.join(", ", runs.stream().map(p -> esc(p.getFileName().toString())).toList()))
                .append(". Convergence: EWMA α = ").append(alpha).append(", threshold ").append(threshold)
                .append("% of optimum (optimum-0 metrics: value ≤ ").append(tolerance).append(").</p>");

        // every run's trajectories, read once and used by the panels and the convergence table
        List<Map<String, Convergence.Series>> all = new ArrayList<>();
        for (Path r : runs) {
            all.add(Files.exists(RunLayout.trajectoryJsonl(r)) ? Convergence.read(r) : Map.of());
        }

        // Figure 2: training accuracy
        XYSeriesCollection acc = new XYSeriesCollection();
        for (Path r : runs) {
            XYSeries s = new XYSeries(r.getFileName().toString());
            // the trajectory's accuracy (fixed training subset, every nc-every steps) when recorded, else per epoch
            List<Map<String, Object>> traj = jsonl(RunLayout.trajectoryJsonl(r));
            boolean fromTrajectory = !traj.isEmpty() && traj.get(0).containsKey("accuracy");
            for (Map<String, Object> row : fromTrajectory ? traj : jsonl(RunLayout.metricsJsonl(r))) {
                double a = num(row.get(fromTrajectory ? "accuracy" : "train_accuracy"));
                if (!Double.isNaN(a)) {
                    s.add(num(row.get("step")), 100 * a);
                }
            }
            acc.addSeries(s);
        }
        html.append("<h2>Figure 2: geometry during training</h2>");
        html.append(chart(out, "fig2-train-accuracy", "Training accuracy (%)", "step", "%", acc, Double.NaN, Map.of()));
        for (String[] panel : PANELS) {
            XYSeriesCollection c = new XYSeriesCollection();
            Map<String, double[]> marks = new LinkedHashMap<>();
            for (int ri = 0; ri < runs.size(); ri++) {
                Path r = runs.get(ri);
                Convergence.Series s = all.get(ri).get(panel[0]);
                if (s == null) {
                    continue;
                }
                XYSeries xy = new XYSeries(r.getFileName().toString());
                double[] pct = Convergence.ewma(s.percent(), alpha);
                for (int i = 0; i < pct.length; i++) {
                    xy.add(s.steps()[i], pct[i]);
                }
                c.addSeries(xy);
                long at = Convergence.convergedStep(s, alpha, threshold, tolerance);
                if (at >= 0) {
                    int i = java.util.Arrays.binarySearch(s.steps(), at);
                    marks.put(r.getFileName().toString(), new double[] {at, pct[Math.max(0, i)]});
                }
            }
            if (c.getSeriesCount() > 0) {
                html.append(chart(out, "fig2-" + panel[0], panel[1] + " (% of optimum)", "step", "% of optimum", c, threshold, marks));
            }
        }

        // Tables
        html.append("<h2>Accuracy and Neural Collapse at the end</h2><table><tr><th>run</th><th>test accuracy</th>");
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Path r : runs) {
            Map<String, Object> s = Files.exists(RunLayout.summary(r))
                    ? Json.readMap(RunLayout.summary(r))
                    : Map.of();
            summaries.add(s);
            Map<String, Object> m = (Map<String, Object>) s.getOrDefault("metrics", Map.of());
            for (String k : m.keySet()) {
                if (!names.contains(k)) {
                    names.add(k);
                }
            }
        }
        for (String n : names) {
            html.append("<th>").append(esc(n)).append("</th>");
        }
        html.append("</tr>");
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Object> s = summaries.get(i);
            html.append("<tr><td>").append(esc(runs.get(i).getFileName().toString())).append("</td><td>")
                    .append(fmt(100 * num(s.get("test_accuracy")))).append("%</td>");
            Map<String, Object> m = (Map<String, Object>) s.getOrDefault("metrics", Map.of());
            for (String n : names) {
                Map<String, Object> v = (Map<String, Object>) m.get(n);
                html.append("<td>").append(v == null ? "" : fmt(num(v.get("value")))
                        + (Double.isNaN(num(v.get("percent_of_optimum"))) ? "" : " (" + fmt(num(v.get("percent_of_optimum"))) + "%)")).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");

        html.append("<h2>Convergence</h2><table><tr><th>metric</th>");
        for (Path r : runs) {
            html.append("<th>").append(esc(r.getFileName().toString())).append("</th>");
        }
        html.append("</tr>");
        List<String> metricNames = new ArrayList<>();
        all.forEach(m -> m.keySet().forEach(k -> {
            if (!metricNames.contains(k)) {
                metricNames.add(k);
            }
        }));
        for (String mname : metricNames) {
            html.append("<tr><td>").append(esc(mname)).append("</td>");
            for (Map<String, Convergence.Series> m : all) {
                Convergence.Series s = m.get(mname);
                long at = s == null ? -2 : Convergence.convergedStep(s, alpha, threshold, tolerance);
                html.append("<td>").append(at == -2 ? "" : at < 0 ? "never" : "step " + at).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
        for (Path sw : sweeps) {
            html.append("<h2>Figure 3: sweep ").append(esc(sw.getFileName().toString())).append("</h2>");
            Path png = sw.resolve("phase-diagram.png");
            if (Files.exists(png)) {
                html.append("<img alt=\"phase diagram\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\">");
            }
            html.append("<table>");
            boolean head = true;
            for (String line : Files.readAllLines(sw.resolve("sweep-summary.csv"))) {
                html.append("<tr>");
                for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                    html.append(head ? "<th>" : "<td>").append(esc(cell.replace("\"", ""))).append(head ? "</th>" : "</td>");
                }
                html.append("</tr>");
                head = false;
            }
            html.append("</table>");
        }
        html.append("</body></html>\n");
        Path file = out.resolve("report.html");
        AtomicFiles.writeString(file, html.toString());
        return file;
    }

    private static String chart(Path out, String name, String title, String x, String y, XYSeriesCollection data,
                                double threshold, Map<String, double[]> marks) throws IOException {
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        Color[] palette = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x111111),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesPaint(i, palette[i % palette.length]);
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        if (!Double.isNaN(threshold)) {
            plot.getRangeAxis().setRange(0, 102); // % of optimum, with the threshold in view
            ValueMarker m = new ValueMarker(threshold, Color.GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            plot.addRangeMarker(m);
        }
        for (double[] p : marks.values()) {
            double w = Math.max(1, plot.getDomainAxis().getUpperBound() / 80);
            double h = Math.max(1, (plot.getRangeAxis().getUpperBound() - plot.getRangeAxis().getLowerBound()) / 40);
            plot.addAnnotation(new XYShapeAnnotation(new java.awt.geom.Ellipse2D.Double(p[0] - w / 2, p[1] - h / 2, w, h),
                    new BasicStroke(2f), Color.BLACK));
        }
        byte[] png = Charts.save(chart, out.resolve(name), 560, 360);
        return "<img alt=\"" + esc(title) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
