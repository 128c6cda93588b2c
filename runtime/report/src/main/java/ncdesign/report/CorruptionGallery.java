package ncdesign.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import ncdesign.data.Corruptions;
import ncdesign.data.Dataset;
import ncdesign.io.AtomicFiles;

/**
 * {@code ncd corrupt}: corrupted test images as PNG files, to look at, and a labelled contact sheet with one example
 * per corruption (rows) and severity (columns, after the clean image). Layout of the output folder:
 * <pre>
 * clean/000-cat.png …              the first N test images
 * gaussian_noise/s1/000-cat.png …  each corruption and severity, same images, same names
 * contact-sheet.png                rows: corruptions; columns: clean, severity 1..5
 * </pre>
 */
public final class CorruptionGallery {
    /** Pixels per image pixel on the contact sheet (32×32 images become 96×96). */
    static final int SCALE = 3;

    private CorruptionGallery() {
    }

    /**
     * Writes the PNGs and the contact sheet; returns the sheet's path.
     *
     * @param test        the clean images (the first {@code images} are used)
     * @param corruptions corruptions, in row order
     * @param severities  severities, in column order
     * @param images      images per folder
     * @param example     index (below {@code images}) of the image shown on the contact sheet
     */
    public static Path export(Dataset test, List<String> corruptions, List<Integer> severities, int images, int example, long seed,
                              Path out, PrintStream progress) throws IOException {
        Dataset d = test.head(images);
        Files.createDirectories(out);
        writeAll(d, out.resolve("clean"));
        List<BufferedImage[]> rows = new ArrayList<>();
        for (int ci = 0; ci < corruptions.size(); ci++) {
            String c = corruptions.get(ci);
            BufferedImage[] row = new BufferedImage[severities.size() + 1];
            row[0] = image(d, example);
            for (int k = 0; k < severities.size(); k++) {
                Dataset x = Corruptions.apply(d, c, severities.get(k), seed);
                writeAll(x, out.resolve(c).resolve("s" + severities.get(k)));
                row[k + 1] = image(x, example);
            }
            rows.add(row);
            progress.printf(Locale.ROOT, "corrupt: [%2d/%d] %s: %d images x %d severities%n", ci + 1, corruptions.size(), c, d.size(), severities.size());
        }
        List<String> cols = new ArrayList<>(List.of("clean"));
        severities.forEach(s -> cols.add("severity " + s));
        BufferedImage sheet = sheet(corruptions, cols, rows, d.classNames().get(d.labels()[example]));
        Path file = out.resolve("contact-sheet.png");
        writePng(file, sheet);
        return file;
    }

    private static void writeAll(Dataset d, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < d.size(); i++) {
            String cls = d.classNames().get(d.labels()[i]).replaceAll("[^A-Za-z0-9_-]", "_");
            writePng(dir.resolve(String.format(Locale.ROOT, "%03d-%s.png", i, cls)), image(d, i));
        }
    }

    private static void writePng(Path file, BufferedImage img) throws IOException {
        AtomicFiles.writeStream(file, os -> {
            if (!ImageIO.write(img, "png", os)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Image {@code i} of a dataset as an RGB (or grey) picture at its own size. */
    static BufferedImage image(Dataset d, int i) {
        int h = d.height();
        int w = d.width();
        int c = d.channels();
        BufferedImage img = new BufferedImage(w, h, c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        int base = d.imageOffset(i);
        byte[] px = d.images();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = base + (y * w + x) * c;
                if (c == 3) {
                    img.setRGB(x, y, ((px[o] & 0xff) << 16) | ((px[o + 1] & 0xff) << 8) | (px[o + 2] & 0xff));
                } else {
                    img.getRaster().setSample(x, y, 0, px[o] & 0xff);
                }
            }
        }
        return img;
    }

    /** The labelled grid: a header row of column titles, then one row per corruption with its name on the left. */
    static BufferedImage sheet(List<String> rowNames, List<String> colNames, List<BufferedImage[]> rows, String className) {
        int cw = rows.get(0)[0].getWidth() * SCALE;
        int ch = rows.get(0)[0].getHeight() * SCALE;
        int gap = 6;
        Font label = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        int left = 0;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics pm = pg.getFontMetrics(label);
        for (String r : rowNames) {
            left = Math.max(left, pm.stringWidth(r));
        }
        pg.dispose();
        left += 18; // the row titles never run into the images
        int top = 44;
        int width = left + colNames.size() * (cw + gap) + gap;
        int height = top + rows.size() * (ch + gap) + gap;
        BufferedImage s = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = s.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("example: " + className, 6, 16);
            g.setFont(label);
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k < colNames.size(); k++) {
                String t = colNames.get(k);
                int x = left + k * (cw + gap) + (cw - fm.stringWidth(t)) / 2;
                g.drawString(t, x, top - 10);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = top + r * (ch + gap);
                g.setColor(Color.BLACK);
                g.drawString(rowNames.get(r), 6, y + ch / 2 + fm.getAscent() / 2);
                for (int k = 0; k < rows.get(r).length; k++) {
                    int x = left + k * (cw + gap);
                    g.drawImage(rows.get(r)[k], x, y, cw, ch, null);
                }
            }
            g.setColor(new Color(0xbbbbbb));
            g.setStroke(new BasicStroke(1));
            int sep = left + cw + gap / 2; // line between the clean column and the severities
            g.drawLine(sep, top - 4, sep, height - gap);
        } finally {
            g.dispose();
        }
        return s;
    }
}
