package ncdesign.runtime.data;

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
 * blur, brightness, contrast, pixelate and JPEG. Each is seeded per image so a corrupted test set is reproducible.
 */
public final class Corruptions {
    /** The corruptions implemented, in the paper's order. */
    public static final List<String> NAMES = List.of("gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur",
            "zoom_blur", "brightness", "contrast", "pixelate", "jpeg_compression");

    private static final double[] GAUSSIAN = {0.04, 0.06, 0.08, 0.09, 0.10};
    private static final double[] SHOT = {500, 250, 100, 75, 50};
    private static final double[] IMPULSE = {0.01, 0.02, 0.03, 0.05, 0.07};
    private static final double[][] DEFOCUS = {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}};
    private static final double[] ZOOM_MAX = {1.06, 1.11, 1.16, 1.21, 1.26};
    private static final double[] BRIGHTNESS = {0.05, 0.1, 0.15, 0.2, 0.3};
    private static final double[] CONTRAST = {0.75, 0.5, 0.4, 0.3, 0.15};
    private static final double[] PIXELATE = {0.95, 0.9, 0.85, 0.75, 0.65};
    private static final int[] JPEG = {80, 65, 58, 50, 40};

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
        int per = d.imageBytes();
        byte[] out = new byte[d.images().length];
        for (int i = 0; i < d.size(); i++) {
            float[] x = new float[per];
            for (int p = 0; p < per; p++) {
                x[p] = (d.images()[i * per + p] & 0xff) / 255f;
            }
            float[] y = corrupt(x, d.height(), d.width(), d.channels(), name, severity - 1, new SplittableRandom(seed * 1_000_003L + i));
            for (int p = 0; p < per; p++) {
                out[i * per + p] = (byte) Math.round(255 * Math.min(1, Math.max(0, y[p])));
            }
        }
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
                for (double z = 1.0; z < ZOOM_MAX[s] - 1e-9; z += 0.01) {
                    float[] zoomed = zoom(x, h, w, c, z);
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
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
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

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
