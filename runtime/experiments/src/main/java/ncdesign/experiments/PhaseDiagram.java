package ncdesign.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/** The paper's Figure 3: mean test accuracy over τ × batch size as a heat map, the top-10% cells outlined. */
public final class PhaseDiagram {
    private PhaseDiagram() {
    }

    /**
     * Writes {@code base.png} and {@code base.svg}: the best accuracy of each (τ, batch) cell of {@code groups}
     * (group name → its {@code tau} and {@code batch} values) from {@code accuracy} (group name → %).
     */
    public static Path write(Path base, List<Object> taus, List<Object> batches, Map<String, Map<String, Object>> groups,
                      Map<String, Double> accuracy) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int nt = taus.size();
        int nb = batches.size();
        double[][] grid = new double[nt][nb];
        for (double[] row : grid) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (Map.Entry<String, Map<String, Object>> g : groups.entrySet()) {
            int ti = indexOf(taus, g.getValue().get("tau"));
            int bi = indexOf(batches, g.getValue().get("batch"));
            if (ti >= 0 && bi >= 0) {
                double a = accuracy.get(g.getKey());
                grid[ti][bi] = Double.isNaN(grid[ti][bi]) ? a : Math.max(grid[ti][bi], a); // best over other axes
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] x = new double[nt * nb];
        double[] y = new double[nt * nb];
        double[] z = new double[nt * nb];
        java.util.List<Double> all = new java.util.ArrayList<>();
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nb; j++) {
                x[i * nb + j] = i;
                y[i * nb + j] = j;
                z[i * nb + j] = grid[i][j];
                if (!Double.isNaN(grid[i][j])) {
                    min = Math.min(min, grid[i][j]);
                    max = Math.max(max, grid[i][j]);
                    all.add(grid[i][j]);
                }
            }
        }
        all.sort(java.util.Comparator.reverseOrder());
        double top = all.isEmpty() ? Double.NaN : all.get(Math.max(0, (int) Math.ceil(all.size() * 0.1) - 1));
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("accuracy", new double[][] {x, y, z});
        LookupPaintScale scale = new LookupPaintScale(min, max + 1e-9, Color.LIGHT_GRAY);
        for (int s = 0; s < 10; s++) {
            double v = min + (max - min) * s / 10.0;
            float t = s / 9f;
            scale.add(v, new Color(1f - 0.8f * t, 0.3f + 0.5f * t, 0.3f + 0.2f * t));
        }
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(scale);
        SymbolAxis xa = new SymbolAxis("temperature τ", taus.stream().map(String::valueOf).toArray(String[]::new));
        SymbolAxis ya = new SymbolAxis("batch size", batches.stream().map(String::valueOf).toArray(String[]::new));
        XYPlot plot = new XYPlot(data, xa, ya, r);
        for (int i = 0; i < nt; i++) {
            for (int j = 0; j < nb; j++) {
                if (Double.isNaN(grid[i][j])) {
                    continue;
                }
                plot.addAnnotation(new XYTextAnnotation(String.format(java.util.Locale.ROOT, "%.1f", grid[i][j]), i, j));
                if (grid[i][j] >= top) {
                    plot.addAnnotation(new XYShapeAnnotation(new java.awt.geom.Rectangle2D.Double(i - 0.5, j - 0.5, 1, 1),
                            new BasicStroke(3f), Color.BLACK));
                }
            }
        }
        JFreeChart chart = new JFreeChart("Test accuracy (%) over τ × batch; top 10% outlined", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ncdesign.report.Charts.save(chart, base, 560, 420);
        return base.resolveSibling(base.getFileName() + ".png");
    }

    private static int indexOf(List<Object> list, Object v) {
        for (int i = 0; i < list.size(); i++) {
            if (String.valueOf(list.get(i)).equals(String.valueOf(v))) {
                return i;
            }
        }
        return -1;
    }
}
