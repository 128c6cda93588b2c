package ncdesign.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import ncdesign.api.error.DataException;

/** The weather family of {@link Corruptions}: snow, frost (over the six frost images) and fog (a plasma fractal). */
final class WeatherCorruptions {
    private static final double[][] SNOW = {{0.1, 0.2, 1, 0.6, 8, 3, 0.95}, {0.1, 0.2, 1, 0.5, 10, 4, 0.9},
        {0.15, 0.3, 1.75, 0.55, 10, 4, 0.9}, {0.25, 0.3, 2.25, 0.6, 12, 6, 0.85}, {0.3, 0.3, 1.25, 0.65, 14, 12, 0.8}};
    private static final double[][] FROST = {{1, 0.2}, {1, 0.3}, {0.9, 0.4}, {0.85, 0.4}, {0.75, 0.45}};
    private static final double[][] FOG = {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}};
    private static final String[] FROST_FILES = {"frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg", "frost6.jpg"};
    private static volatile float[][] frostImages;
    private static volatile int[][] frostSizes;

    private WeatherCorruptions() {
    }

    /** snow at severity index s. */
    static float[] snow(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        return snow(x, h, w, c, SNOW[s], r);
    }

    /** frost at severity index s. */
    static float[] frost(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        return frost(x, h, w, c, FROST[s], r);
    }

    /** fog at severity index s. */
    static float[] fog(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        float[] y = x.clone();
        float max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double[] f = plasma(Math.max(h, w), FOG[s][1], r);
        int size = Math.max(h, w);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < c; k++) {
                    double v = x[(i * w + j) * c + k] + FOG[s][0] * f[i * size + j];
                    y[(i * w + j) * c + k] = (float) (v * max / (max + FOG[s][0]));
                }
            }
        }
        return y;
    }

    /** Snow: a thresholded, zoomed Gaussian layer streaked by motion blur, over a whitened image. */
    private static float[] snow(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        float[] layer = new float[h * w];
        for (int i = 0; i < layer.length; i++) {
            layer[i] = (float) (p[0] + p[1] * NoiseCorruptions.gauss(r));
        }
        layer = BlurCorruptions.zoom(layer, h, w, 1, p[2]);
        for (int i = 0; i < layer.length; i++) {
            layer[i] = layer[i] < p[3] ? 0 : Math.round(255 * DigitalCorruptions.clamp(layer[i])) / 255f;
        }
        layer = BlurCorruptions.motion(layer, h, w, 1, p[4], p[5], -135 + 90 * r.nextDouble());
        float[] y = new float[x.length];
        for (int i = 0; i < h * w; i++) {
            double grey = c == 3 ? 0.299 * x[3 * i] + 0.587 * x[3 * i + 1] + 0.114 * x[3 * i + 2] : x[i];
            float streak = layer[i] + layer[h * w - 1 - i]; // the layer plus itself rotated by 180°
            for (int k = 0; k < c; k++) {
                double v = x[i * c + k];
                v = p[6] * v + (1 - p[6]) * Math.max(v, grey * 1.5 + 0.5);
                y[i * c + k] = (float) (v + streak);
            }
        }
        return y;
    }

    /** Reads and scales the six frost images once; a DataException names the missing file and the fix. */
    static synchronized void loadFrost() {
        if (frostImages != null) {
            return;
        }
        java.nio.file.Path dir = Corruptions.frostDir();
        float[][] imgs = new float[FROST_FILES.length][];
        int[][] sizes = new int[FROST_FILES.length][];
        for (int f = 0; f < FROST_FILES.length; f++) {
            java.nio.file.Path file = dir.resolve(FROST_FILES[f]);
            BufferedImage img;
            try {
                img = java.nio.file.Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
            } catch (IOException e) {
                img = null;
            }
            if (img == null) {
                throw new DataException("frost needs the six frost images (" + String.join(", ", FROST_FILES) + "); " + file
                        + " is missing or unreadable: set NCD_FROST (ncd: --frost-dir) to their folder, or leave frost out of --corruptions");
            }
            // scaled by 0.2 as the reference does for 32x32 images (area averaging)
            int nw = Math.max(1, (int) Math.round(img.getWidth() * 0.2));
            int nh = Math.max(1, (int) Math.round(img.getHeight() * 0.2));
            java.awt.Image scaled = img.getScaledInstance(nw, nh, java.awt.Image.SCALE_AREA_AVERAGING);
            BufferedImage small = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            small.getGraphics().drawImage(scaled, 0, 0, null);
            float[] px = new float[nw * nh * 3];
            for (int i = 0; i < nh; i++) {
                for (int j = 0; j < nw; j++) {
                    int rgb = small.getRGB(j, i);
                    px[(i * nw + j) * 3] = ((rgb >> 16) & 0xff) / 255f;
                    px[(i * nw + j) * 3 + 1] = ((rgb >> 8) & 0xff) / 255f;
                    px[(i * nw + j) * 3 + 2] = (rgb & 0xff) / 255f;
                }
            }
            imgs[f] = px;
            sizes[f] = new int[] {nh, nw};
        }
        frostSizes = sizes;
        frostImages = imgs;
    }

    /** c0·x + c1·(a random crop of one of the first five frost images); grey images take the crop's luma. */
    private static float[] frost(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        loadFrost();
        int f = r.nextInt(5);
        float[] img = frostImages[f];
        int fh = frostSizes[f][0];
        int fw = frostSizes[f][1];
        int y0 = fh > h ? r.nextInt(fh - h) : 0;
        int x0 = fw > w ? r.nextInt(fw - w) : 0;
        float[] y = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int src = ((Math.min(i + y0, fh - 1)) * fw + Math.min(j + x0, fw - 1)) * 3;
                for (int k = 0; k < c; k++) {
                    double fr = c == 3 ? img[src + k] : 0.299 * img[src] + 0.587 * img[src + 1] + 0.114 * img[src + 2];
                    y[(i * w + j) * c + k] = (float) (p[0] * x[(i * w + j) * c + k] + p[1] * fr);
                }
            }
        }
        return y;
    }

    /** Diamond-square plasma fractal on a size×size grid (size rounded up to a power of two), normalised to [0, 1]. */
    static double[] plasma(int size, double wibbleDecay, SplittableRandom r) {
        int n = Integer.highestOneBit(Math.max(2, size - 1)) << 1;
        if (n / 2 >= size) {
            n /= 2;
        }
        double[][] m = new double[n][n];
        double wibble = 100;
        for (int step = n; step >= 2; step /= 2) {
            int half = step / 2;
            // as the reference: the noise is wibble·U(−wibble, wibble), i.e. its amplitude is wibble², and wibble starts at
            // 100 and is divided by the decay after each level, so coarse levels dominate and the fog is smooth
            double amp = wibble * wibble;
            // squares: centre = mean of the four corners (toroidal) + noise
            for (int i = 0; i < n; i += step) {
                for (int j = 0; j < n; j += step) {
                    double corners = m[i][j] + m[(i + step) % n][j] + m[i][(j + step) % n] + m[(i + step) % n][(j + step) % n];
                    m[i + half][j + half] = corners / 4 + amp * (2 * r.nextDouble() - 1);
                }
            }
            // diamonds: edge midpoints = mean of their four neighbours + noise
            for (int i = 0; i < n; i += half) {
                for (int j = (i / half % 2 == 0) ? half : 0; j < n; j += step) {
                    double s = m[(i - half + n) % n][j] + m[(i + half) % n][j] + m[i][(j - half + n) % n] + m[i][(j + half) % n];
                    m[i][j] = s / 4 + amp * (2 * r.nextDouble() - 1);
                }
            }
            wibble /= wibbleDecay;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double[] out = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                out[i * size + j] = (m[i % n][j % n] - lo) / Math.max(1e-12, hi - lo);
            }
        }
        return out;
    }
}
