package ncdesign.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * CIFAR-10-C-style corruptions (Hendrycks &amp; Dietterich 2019) computed in Java, with the published parameters
 * of the 32×32 version at severities 1–5. Implemented so far: gaussian, shot and impulse noise, defocus and zoom
 * blur, brightness, contrast, pixelate and JPEG; glass and motion blur, snow, frost, fog and elastic transform.
 * Each is seeded per image so a corrupted test set is reproducible.
 * <p>Motion blur (and the streaks of snow) in the reference come from ImageMagick's motion blur; here it is a
 * one-sided Gaussian line kernel of the same radius and σ along a random angle, sampled bilinearly — the same
 * operation up to ImageMagick's kernel discretisation. Frost overlays crops of the six frost images scaled by 0.2,
 * read from {@link #frostDir()}; without them frost is refused, never faked.
 */
public final class Corruptions {
    /** The corruptions implemented, in the paper's order. */
    public static final List<String> NAMES = List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur",
            "glass_blur", "motion_blur", "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform",
            "pixelate", "jpeg_compression");

    /** Short names in the same order, as the paper's Table 5 titles its columns (gauss, shot, …, pixel, jpeg). */
    public static final List<String> SHORT_NAMES = List.of("gauss", "shot", "impulse", "defocus", "glass", "motion", "zoom",
            "snow", "frost", "fog", "bright", "contrast", "elastic", "pixel", "jpeg");

    /** The corruption named by its full name ({@code gaussian_noise}) or short name ({@code gauss}), or null. */
    public static String canonical(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        if (NAMES.contains(n)) {
            return n;
        }
        int i = SHORT_NAMES.indexOf(n);
        return i < 0 ? null : NAMES.get(i);
    }

    /** The short name of a corruption ({@code gaussian_noise} → {@code gauss}). */
    public static String shortName(String name) {
        return SHORT_NAMES.get(NAMES.indexOf(name));
    }

    /**
     * Why a corruption cannot be computed on this machine (frost without its six images: the message names the folder
     * looked in and how to point to another), or empty when it can.
     */
    public static java.util.Optional<String> unavailable(String name) {
        if (name.equals("frost")) {
            try {
                loadFrost();
            } catch (DataException e) {
                return java.util.Optional.of(e.getMessage());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Folder of the frost overlays (frost1.png … frost6.jpg): the system property {@code ncd.frost}, else
     * {@code $NCD_FROST}, else {@code ../shared/data/frost}.
     */
    public static java.nio.file.Path frostDir() {
        String prop = System.getProperty("ncd.frost");
        if (prop != null && !prop.isBlank()) {
            return java.nio.file.Path.of(prop);
        }
        String env = System.getenv("NCD_FROST");
        return java.nio.file.Path.of(env != null && !env.isBlank() ? env : "../shared/data/frost");
    }

    private static final double[] GAUSSIAN = {0.04, 0.06, 0.08, 0.09, 0.10};
    private static final double[] SHOT = {500, 250, 100, 75, 50};
    private static final double[] IMPULSE = {0.01, 0.02, 0.03, 0.05, 0.07};
    private static final double[][] DEFOCUS = {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}};
    private static final double[] ZOOM_MAX = {1.06, 1.11, 1.16, 1.21, 1.26};
    private static final double[] BRIGHTNESS = {0.05, 0.1, 0.15, 0.2, 0.3};
    private static final double[] CONTRAST = {0.75, 0.5, 0.4, 0.3, 0.15};
    private static final double[] PIXELATE = {0.95, 0.9, 0.85, 0.75, 0.65};
    private static final int[] JPEG = {80, 65, 58, 50, 40};
    private static final double[][] GLASS = {{0.05, 1, 1}, {0.25, 1, 1}, {0.4, 1, 1}, {0.25, 1, 2}, {0.4, 1, 2}};
    private static final double[][] MOTION = {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}};
    private static final double[][] SNOW = {{0.1, 0.2, 1, 0.6, 8, 3, 0.95}, {0.1, 0.2, 1, 0.5, 10, 4, 0.9},
        {0.15, 0.3, 1.75, 0.55, 10, 4, 0.9}, {0.25, 0.3, 2.25, 0.6, 12, 6, 0.85}, {0.3, 0.3, 1.25, 0.65, 14, 12, 0.8}};
    private static final double[][] FROST = {{1, 0.2}, {1, 0.3}, {0.9, 0.4}, {0.85, 0.4}, {0.75, 0.45}};
    private static final double[][] FOG = {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}};
    /** Elastic (alpha, sigma, affine shift) as fractions of the image size. */
    private static final double[][] ELASTIC = {{0, 0, 0.08}, {0.05, 0.2, 0.07}, {0.08, 0.06, 0.06}, {0.1, 0.04, 0.05}, {0.1, 0.03, 0.03}};
    private static final String[] FROST_FILES = {"frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg", "frost6.jpg"};
    private static volatile float[][] frostImages;
    private static volatile int[][] frostSizes;

    private Corruptions() {
    }

    /** The whole dataset corrupted; labels unchanged. */
    public static Dataset apply(Dataset d, String name, int severity, long seed) {
        if (!NAMES.contains(name)) {
            throw new DataException("unknown corruption '" + name + "'; known: " + String.join(", ", NAMES));
        }
        if (severity < 1 || severity > 5) {
            throw new DataException("corruption severity must be 1..5, got " + severity);
        }
        if (name.equals("frost")) {
            loadFrost();
        }
        int per = d.imageBytes();
        byte[] out = new byte[d.images().length];
        // each image has its own generator, so the result does not depend on how the images are split over threads
        java.util.stream.IntStream.range(0, d.size()).parallel().forEach(i -> {
            float[] x = new float[per];
            for (int p = 0; p < per; p++) {
                x[p] = (d.images()[i * per + p] & 0xff) / 255f;
            }
            float[] y = corrupt(x, d.height(), d.width(), d.channels(), name, severity - 1, new SplittableRandom(seed * 1_000_003L + i));
            for (int p = 0; p < per; p++) {
                out[i * per + p] = (byte) Math.round(255 * Math.min(1, Math.max(0, y[p])));
            }
        });
        return new Dataset(d.name() + "-" + name + "-" + severity, out, d.labels(), d.classNames(), d.height(), d.width(), d.channels());
    }

    static float[] corrupt(float[] x, int h, int w, int c, String name, int s, SplittableRandom r) {
        float[] y = x.clone();
        switch (name) {
            case "gaussian_noise" -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] += (float) (gauss(r) * GAUSSIAN[s]);
                }
            }
            case "shot_noise" -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) (poisson(r, x[i] * SHOT[s]) / SHOT[s]);
                }
            }
            case "impulse_noise" -> {
                for (int i = 0; i < y.length; i++) {
                    if (r.nextDouble() < IMPULSE[s]) {
                        y[i] = r.nextBoolean() ? 1f : 0f;
                    }
                }
            }
            case "defocus_blur" -> y = gaussianBlur(disk(x, h, w, c, DEFOCUS[s][0]), h, w, c, DEFOCUS[s][1]);
            case "zoom_blur" -> {
                double[] acc = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    acc[i] = x[i];
                }
                int n = 1;
                // the reference's np.arange(1, max, 0.01) has ceil((max − 1)/0.01) factors in floating point: that is 7
                // (up to 1.06) at severity 1 and 12 (up to 1.11) at severity 2, but 16, 21, 26 factors below the bound after
                int count = (int) Math.ceil((ZOOM_MAX[s] - 1.0) / 0.01);
                for (int k = 0; k < count; k++) {
                    float[] zoomed = zoom(x, h, w, c, 1.0 + k * 0.01);
                    for (int i = 0; i < x.length; i++) {
                        acc[i] += zoomed[i];
                    }
                    n++;
                }
                for (int i = 0; i < x.length; i++) {
                    y[i] = (float) (acc[i] / n);
                }
            }
            case "brightness" -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.min(1f, x[i] + (float) BRIGHTNESS[s]); // on V of HSV: adds to every channel's max
                }
                if (c == 3) {
                    float[] hsv = new float[3];
                    for (int p = 0; p < h * w; p++) {
                        ColorJitter.rgbToHsv(x[3 * p], x[3 * p + 1], x[3 * p + 2], hsv);
                        hsv[2] = Math.min(1f, hsv[2] + (float) BRIGHTNESS[s]);
                        ColorJitter.hsvToRgb(hsv, y, 3 * p);
                    }
                }
            }
            case "contrast" -> {
                for (int k = 0; k < c; k++) {
                    double mean = 0;
                    for (int p = 0; p < h * w; p++) {
                        mean += x[p * c + k];
                    }
                    mean /= h * w;
                    for (int p = 0; p < h * w; p++) {
                        y[p * c + k] = (float) ((x[p * c + k] - mean) * CONTRAST[s] + mean);
                    }
                }
            }
            case "pixelate" -> {
                int sh = Math.max(1, (int) (h * PIXELATE[s]));
                int sw = Math.max(1, (int) (w * PIXELATE[s]));
                y = boxResize(boxResize(x, h, w, c, sh, sw), sh, sw, c, h, w);
            }
            case "jpeg_compression" -> y = jpeg(x, h, w, c, JPEG[s]);
            case "glass_blur" -> y = glass(x, h, w, c, GLASS[s], r);
            case "motion_blur" -> y = motion(x, h, w, c, MOTION[s][0], MOTION[s][1], -45 + 90 * r.nextDouble());
            case "snow" -> y = snow(x, h, w, c, SNOW[s], r);
            case "frost" -> y = frost(x, h, w, c, FROST[s], r);
            case "fog" -> {
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
            }
            case "elastic_transform" -> y = elastic(x, h, w, c, ELASTIC[s], r);
            default -> throw new IllegalStateException(name);
        }
        return y;
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int poisson(SplittableRandom r, double lambda) {
        if (lambda > 60) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Disk kernel of the given radius (3×3 support for radius ≤ 8, as the reference), normalised. */
    private static float[] disk(float[] x, int h, int w, int c, double radius) {
        int half = radius <= 8 ? 1 : (int) Math.ceil(radius);
        double[][] k = new double[2 * half + 1][2 * half + 1];
        double sum = 0;
        for (int a = -half; a <= half; a++) {
            for (int b = -half; b <= half; b++) {
                k[a + half][b + half] = a * a + b * b <= radius * radius ? 1 : 0;
                sum += k[a + half][b + half];
            }
        }
        if (sum == 0) {
            k[half][half] = 1;
            sum = 1;
        }
        for (double[] row : k) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= sum;
            }
        }
        return convolve(x, h, w, c, k);
    }

    private static float[] gaussianBlur(float[] x, int h, int w, int c, double sigma) {
        int half = Math.max(1, (int) Math.ceil(3 * sigma));
        double[][] k = new double[2 * half + 1][2 * half + 1];
        double sum = 0;
        for (int a = -half; a <= half; a++) {
            for (int b = -half; b <= half; b++) {
                k[a + half][b + half] = Math.exp(-(a * a + b * b) / (2 * sigma * sigma));
                sum += k[a + half][b + half];
            }
        }
        for (double[] row : k) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= sum;
            }
        }
        return convolve(x, h, w, c, k);
    }

    /** 2-D convolution with reflected borders. */
    private static float[] convolve(float[] x, int h, int w, int c, double[][] k) {
        int half = k.length / 2;
        float[] y = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    for (int a = -half; a <= half; a++) {
                        for (int b = -half; b <= half; b++) {
                            int ii = reflect(i + a, h);
                            int jj = reflect(j + b, w);
                            s += k[a + half][b + half] * x[(ii * w + jj) * c + ch];
                        }
                    }
                    y[(i * w + j) * c + ch] = (float) s;
                }
            }
        }
        return y;
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return Math.min(n - 1, -i);
        }
        return i >= n ? Math.max(0, 2 * n - i - 2) : i;
    }

    /** Central crop of 1/z of the image, resized back (bilinear). */
    private static float[] zoom(float[] x, int h, int w, int c, double z) {
        float[] y = new float[x.length];
        double ch = h / z;
        double cw = w / z;
        double y0 = (h - ch) / 2;
        double x0 = (w - cw) / 2;
        for (int i = 0; i < h; i++) {
            double fy = Math.min(Math.max(y0 + (i + 0.5) * ch / h - 0.5, 0), h - 1);
            int a = (int) fy;
            int a1 = Math.min(a + 1, h - 1);
            double wy = fy - a;
            for (int j = 0; j < w; j++) {
                double fx = Math.min(Math.max(x0 + (j + 0.5) * cw / w - 0.5, 0), w - 1);
                int b = (int) fx;
                int b1 = Math.min(b + 1, w - 1);
                double wx = fx - b;
                for (int k = 0; k < c; k++) {
                    y[(i * w + j) * c + k] = (float) ((1 - wy) * ((1 - wx) * x[(a * w + b) * c + k] + wx * x[(a * w + b1) * c + k])
                            + wy * ((1 - wx) * x[(a1 * w + b) * c + k] + wx * x[(a1 * w + b1) * c + k]));
                }
            }
        }
        return y;
    }

    /** Area-weighted (box) resampling: each output pixel averages the source area it covers, fractions included. */
    private static float[] boxResize(float[] x, int h, int w, int c, int nh, int nw) {
        double[][] wy = weights(h, nh);
        double[][] wx = weights(w, nw);
        float[] y = new float[nh * nw * c];
        for (int i = 0; i < nh; i++) {
            for (int j = 0; j < nw; j++) {
                for (int k = 0; k < c; k++) {
                    double s = 0;
                    for (int a = 0; a < h; a++) {
                        if (wy[i][a] == 0) {
                            continue;
                        }
                        for (int b = 0; b < w; b++) {
                            if (wx[j][b] != 0) {
                                s += wy[i][a] * wx[j][b] * x[(a * w + b) * c + k];
                            }
                        }
                    }
                    y[(i * nw + j) * c + k] = (float) s;
                }
            }
        }
        return y;
    }

    /** weights[o][s]: share of source pixel s in output pixel o (rows sum to 1). */
    private static double[][] weights(int n, int m) {
        double[][] wts = new double[m][n];
        double scale = (double) n / m;
        for (int o = 0; o < m; o++) {
            double lo = o * scale;
            double hi = (o + 1) * scale;
            for (int s = (int) Math.floor(lo); s < Math.min(n, (int) Math.ceil(hi)); s++) {
                wts[o][s] = (Math.min(hi, s + 1) - Math.max(lo, s)) / scale;
            }
        }
        return wts;
    }

    private static float[] jpeg(float[] x, int h, int w, int c, int quality) {
        BufferedImage img = new BufferedImage(w, h, c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                if (c == 3) {
                    int r = Math.round(255 * clamp(x[(i * w + j) * 3]));
                    int g = Math.round(255 * clamp(x[(i * w + j) * 3 + 1]));
                    int b = Math.round(255 * clamp(x[(i * w + j) * 3 + 2]));
                    img.setRGB(j, i, (r << 16) | (g << 8) | b);
                } else {
                    img.getRaster().setSample(j, i, 0, Math.round(255 * clamp(x[i * w + j])));
                }
            }
        }
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream os = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(os);
                writer.write(null, new IIOImage(img, null, null), p);
            }
            writer.dispose();
            BufferedImage back = ImageIO.read(new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            float[] y = new float[x.length];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    if (c == 3) {
                        int rgb = back.getRGB(j, i);
                        y[(i * w + j) * 3] = ((rgb >> 16) & 0xff) / 255f;
                        y[(i * w + j) * 3 + 1] = ((rgb >> 8) & 0xff) / 255f;
                        y[(i * w + j) * 3 + 2] = (rgb & 0xff) / 255f;
                    } else {
                        y[i * w + j] = back.getRaster().getSample(j, i, 0) / 255f;
                    }
                }
            }
            return y;
        } catch (IOException e) {
            throw new DataException("JPEG round trip failed: " + e.getMessage());
        }
    }

    /**
     * Gaussian blur, then local pixel "swaps" within ±max_delta (the upper bound excluded, as in the reference), then blur.
     * The reference's swap {@code x[h, w], x[h', w'] = x[h', w'], x[h, w]} acts on NumPy views of the pixels, so it
     * copies the neighbour into (h, w) and leaves the neighbour unchanged; that copy is what made the published
     * CIFAR-10-C, and it is what is done here (a true swap would drag dark pixels several steps up and left).
     */
    private static float[] glass(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        float[] y = gaussianBlur(x, h, w, c, p[0]);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.floor(255 * clamp(y[i])) / 255f; // the reference rounds to uint8 between the blurs
        }
        int delta = (int) p[1];
        for (int it = 0; it < (int) p[2]; it++) {
            for (int i = h - delta; i > delta; i--) {
                for (int j = w - delta; j > delta; j--) {
                    int dx = r.nextInt(-delta, delta);
                    int dy = r.nextInt(-delta, delta);
                    int i2 = i + dy;
                    int j2 = j + dx;
                    for (int k = 0; k < c; k++) {
                        y[(i * w + j) * c + k] = y[(i2 * w + j2) * c + k];
                    }
                }
            }
        }
        return gaussianBlur(y, h, w, c, p[0]);
    }

    /** One-sided Gaussian line blur of the given radius and σ along {@code angleDegrees} (bilinear, clamped edges). */
    static float[] motion(float[] x, int h, int w, int c, double radius, double sigma, double angleDegrees) {
        int n = (int) Math.ceil(radius);
        double[] kw = new double[n + 1];
        double sum = 0;
        for (int t = 0; t <= n; t++) {
            kw[t] = Math.exp(-t * t / (2 * sigma * sigma));
            sum += kw[t];
        }
        double dx = Math.cos(Math.toRadians(angleDegrees));
        double dy = Math.sin(Math.toRadians(angleDegrees));
        float[] y = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < c; k++) {
                    double acc = 0;
                    for (int t = 0; t <= n; t++) {
                        acc += kw[t] * bilinear(x, h, w, c, i - t * dy, j - t * dx, k);
                    }
                    y[(i * w + j) * c + k] = (float) (acc / sum);
                }
            }
        }
        return y;
    }

    private static double bilinear(float[] x, int h, int w, int c, double fy, double fx, int k) {
        fy = Math.min(Math.max(fy, 0), h - 1);
        fx = Math.min(Math.max(fx, 0), w - 1);
        int a = (int) fy;
        int b = (int) fx;
        int a1 = Math.min(a + 1, h - 1);
        int b1 = Math.min(b + 1, w - 1);
        double wy = fy - a;
        double wx = fx - b;
        return (1 - wy) * ((1 - wx) * x[(a * w + b) * c + k] + wx * x[(a * w + b1) * c + k])
                + wy * ((1 - wx) * x[(a1 * w + b) * c + k] + wx * x[(a1 * w + b1) * c + k]);
    }

    /** Snow: a thresholded, zoomed Gaussian layer streaked by motion blur, over a whitened image. */
    private static float[] snow(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        float[] layer = new float[h * w];
        for (int i = 0; i < layer.length; i++) {
            layer[i] = (float) (p[0] + p[1] * gauss(r));
        }
        layer = zoom(layer, h, w, 1, p[2]);
        for (int i = 0; i < layer.length; i++) {
            layer[i] = layer[i] < p[3] ? 0 : Math.round(255 * clamp(layer[i])) / 255f;
        }
        layer = motion(layer, h, w, 1, p[4], p[5], -135 + 90 * r.nextDouble());
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

    private static synchronized void loadFrost() {
        if (frostImages != null) {
            return;
        }
        java.nio.file.Path dir = frostDir();
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

    /** Random affine shift of three points, then a smoothed random displacement field (bilinear, reflected edges). */
    private static float[] elastic(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        double size = Math.min(h, w);
        double alpha = p[0] * size;
        double sigma = p[1] * size;
        double shift = p[2] * size;
        // affine from three points around the centre, each moved by up to ±shift
        double cy = h / 2;
        double cx = w / 2;
        double sq = Math.floor(size / 3);
        double[][] src = {{cx + sq, cy + sq}, {cx - sq, cy + sq}, {cx - sq, cy - sq}};
        double[][] dst = new double[3][2];
        for (int i = 0; i < 3; i++) {
            dst[i][0] = src[i][0] + shift * (2 * r.nextDouble() - 1);
            dst[i][1] = src[i][1] + shift * (2 * r.nextDouble() - 1);
        }
        double[] inv = affineInverse(src, dst); // maps output (x, y) to source (x, y)
        float[] warped = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double sx = inv[0] * j + inv[1] * i + inv[2];
                double sy = inv[3] * j + inv[4] * i + inv[5];
                for (int k = 0; k < c; k++) {
                    warped[(i * w + j) * c + k] = (float) bilinearReflect(x, h, w, c, sy, sx, k);
                }
            }
        }
        if (alpha == 0) {
            return warped;
        }
        float[] fx = new float[h * w];
        float[] fy = new float[h * w];
        for (int i = 0; i < h * w; i++) {
            fx[i] = (float) (2 * r.nextDouble() - 1);
            fy[i] = (float) (2 * r.nextDouble() - 1);
        }
        fx = gaussianBlur(fx, h, w, 1, sigma);
        fy = gaussianBlur(fy, h, w, 1, sigma);
        float[] y = new float[x.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < c; k++) {
                    y[(i * w + j) * c + k] = (float) bilinearReflect(warped, h, w, c, i + alpha * fy[i * w + j], j + alpha * fx[i * w + j], k);
                }
            }
        }
        return y;
    }

    /** The affine map taking dst to src points (solved from the three correspondences): [a b c; d e f]. */
    private static double[] affineInverse(double[][] src, double[][] dst) {
        // solve [dx dy 1] * [a d; b e; c f] = [sx sy] for the three points
        double[][] a = {{dst[0][0], dst[0][1], 1}, {dst[1][0], dst[1][1], 1}, {dst[2][0], dst[2][1], 1}};
        double det = a[0][0] * (a[1][1] - a[2][1]) - a[0][1] * (a[1][0] - a[2][0]) + (a[1][0] * a[2][1] - a[2][0] * a[1][1]);
        double[] out = new double[6];
        for (int col = 0; col < 2; col++) {
            double[] b = {src[0][col], src[1][col], src[2][col]};
            double d0 = b[0] * (a[1][1] - a[2][1]) - a[0][1] * (b[1] - b[2]) + (b[1] * a[2][1] - b[2] * a[1][1]);
            double d1 = a[0][0] * (b[1] - b[2]) - b[0] * (a[1][0] - a[2][0]) + (a[1][0] * b[2] - a[2][0] * b[1]);
            double d2 = a[0][0] * (a[1][1] * b[2] - a[2][1] * b[1]) - a[0][1] * (a[1][0] * b[2] - a[2][0] * b[1])
                    + b[0] * (a[1][0] * a[2][1] - a[2][0] * a[1][1]);
            out[col * 3] = d0 / det;
            out[col * 3 + 1] = d1 / det;
            out[col * 3 + 2] = d2 / det;
        }
        return out;
    }

    private static double bilinearReflect(float[] x, int h, int w, int c, double fy, double fx, int k) {
        return bilinear(x, h, w, c, reflectD(fy, h), reflectD(fx, w), k);
    }

    private static double reflectD(double v, int n) {
        double period = 2.0 * (n - 1);
        if (period <= 0) {
            return 0;
        }
        v = Math.abs(v) % period;
        return v > n - 1 ? period - v : v;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
