package ncdesign.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import ncdesign.api.error.DataException;

/** The digital family of {@link Corruptions}: brightness, contrast, elastic transform, pixelate and JPEG. */
final class DigitalCorruptions {
    private static final double[] BRIGHTNESS = {0.05, 0.1, 0.15, 0.2, 0.3};
    private static final double[] CONTRAST = {0.75, 0.5, 0.4, 0.3, 0.15};
    private static final double[] PIXELATE = {0.95, 0.9, 0.85, 0.75, 0.65};
    private static final int[] JPEG = {80, 65, 58, 50, 40};
    /** Elastic (alpha, sigma, affine shift) as fractions of the image size. */
    private static final double[][] ELASTIC = {{0, 0, 0.08}, {0.05, 0.2, 0.07}, {0.08, 0.06, 0.06}, {0.1, 0.04, 0.05}, {0.1, 0.03, 0.03}};

    private DigitalCorruptions() {
    }

    /** brightness at severity index s. */
    static float[] brightness(float[] x, int h, int w, int c, int s) {
        float[] y = x.clone();
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
        return y;
    }

    /** contrast at severity index s. */
    static float[] contrast(float[] x, int h, int w, int c, int s) {
        float[] y = x.clone();
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
        return y;
    }

    /** pixelate at severity index s. */
    static float[] pixelate(float[] x, int h, int w, int c, int s) {
        int sh = Math.max(1, (int) (h * PIXELATE[s]));
        int sw = Math.max(1, (int) (w * PIXELATE[s]));
        return boxResize(boxResize(x, h, w, c, sh, sw), sh, sw, c, h, w);
    }

    /** jpeg_compression at severity index s. */
    static float[] jpegCompression(float[] x, int h, int w, int c, int s) {
        return jpeg(x, h, w, c, JPEG[s]);
    }

    /** elastic_transform at severity index s. */
    static float[] elastic(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        return elastic(x, h, w, c, ELASTIC[s], r);
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
        fx = BlurCorruptions.gaussianBlur(fx, h, w, 1, sigma);
        fy = BlurCorruptions.gaussianBlur(fy, h, w, 1, sigma);
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
        return BlurCorruptions.bilinear(x, h, w, c, reflectD(fy, h), reflectD(fx, w), k);
    }

    private static double reflectD(double v, int n) {
        double period = 2.0 * (n - 1);
        if (period <= 0) {
            return 0;
        }
        v = Math.abs(v) % period;
        return v > n - 1 ? period - v : v;
    }

    /** x clamped to [0, 1]. */
    static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
