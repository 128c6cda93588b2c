package ncdesign.data;

import java.util.SplittableRandom;

/**
 * The blur family of {@link Corruptions}: defocus, glass, motion and zoom blur, and the filters and resampling the
 * other families share (Gaussian blur, zoom, bilinear sampling).
 */
final class BlurCorruptions {
    private static final double[][] DEFOCUS = {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}};
    private static final double[] ZOOM_MAX = {1.06, 1.11, 1.16, 1.21, 1.26};
    private static final double[][] GLASS = {{0.05, 1, 1}, {0.25, 1, 1}, {0.4, 1, 1}, {0.25, 1, 2}, {0.4, 1, 2}};
    private static final double[][] MOTION = {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}};

    private BlurCorruptions() {
    }

    /** defocus_blur at severity index s. */
    static float[] defocus(float[] x, int h, int w, int c, int s) {
        return gaussianBlur(disk(x, h, w, c, DEFOCUS[s][0]), h, w, c, DEFOCUS[s][1]);
    }

    /** glass_blur at severity index s. */
    static float[] glass(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        return glass(x, h, w, c, GLASS[s], r);
    }

    /** motion_blur at severity index s, along a random angle in [−45°, 45°). */
    static float[] motion(float[] x, int h, int w, int c, int s, SplittableRandom r) {
        return motion(x, h, w, c, MOTION[s][0], MOTION[s][1], -45 + 90 * r.nextDouble());
    }

    /** zoom_blur at severity index s. */
    static float[] zoomBlur(float[] x, int h, int w, int c, int s) {
        float[] y = x.clone();
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
        return y;
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

    static float[] gaussianBlur(float[] x, int h, int w, int c, double sigma) {
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
    static float[] zoom(float[] x, int h, int w, int c, double z) {
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

    /**
     * Gaussian blur, then local pixel "swaps" within ±max_delta (the upper bound excluded, as in the reference), then blur.
     * The reference's swap {@code x[h, w], x[h', w'] = x[h', w'], x[h, w]} acts on NumPy views of the pixels, so it
     * copies the neighbour into (h, w) and leaves the neighbour unchanged; that copy is what made the published
     * CIFAR-10-C, and it is what is done here (a true swap would drag dark pixels several steps up and left).
     */
    private static float[] glass(float[] x, int h, int w, int c, double[] p, SplittableRandom r) {
        float[] y = gaussianBlur(x, h, w, c, p[0]);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.floor(255 * DigitalCorruptions.clamp(y[i])) / 255f; // the reference rounds to uint8 between the blurs
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

    static double bilinear(float[] x, int h, int w, int c, double fy, double fx, int k) {
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
}
