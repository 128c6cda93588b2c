package ncdesign.report;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import ncdesign.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Writes a chart as PNG and SVG files (atomically) and returns the PNG bytes for embedding. */
public final class Charts {
    private Charts() {
    }

    public static byte[] save(JFreeChart chart, Path base, int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        byte[] bytes = png.toByteArray();
        AtomicFiles.writeStream(base.resolveSibling(base.getFileName() + ".png"), os -> os.write(bytes));
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        AtomicFiles.writeString(base.resolveSibling(base.getFileName() + ".svg"), g.getSVGDocument());
        return bytes;
    }
}
