package ncdesign.runtime.data;

import java.util.SplittableRandom;

/**
 * CPU image augmentation and normalisation, one image at a time, driven by a per-sample random generator so the
 * result does not depend on which thread prepares it.
 *
 * @param crop  RandomResizedCrop: scale in [0.2, 1], aspect ratio in [3/4, 4/3], bilinear resize back to H×W
 *              (after 10 failed tries, the whole image, as torchvision falls back to a centre crop)
 * @param flip  horizontal flip with probability ½
 * @param mean  per-channel mean (on [0, 1] pixels)
 * @param std   per-channel std
 */
public record Augment(boolean crop, boolean flip, float[] mean, float[] std) {
    public static final double MIN_SCALE = 0.2;

    /** The augmentation named by the {@code augment} option. */
    public static Augment of(String mode, int channels, float[][] norm) {
        String m = mode.equals("auto") ? (channels == 3 ? "crop-flip" : "none") : mode;
        return switch (m) {
            case "crop-flip" -> new Augment(true, true, norm[0], norm[1]);
            case "flip" -> new Augment(false, true, norm[0], norm[1]);
            default -> new Augment(false, false, norm[0], norm[1]);
        };
    }

    /** No augmentation, normalisation only (evaluation). */
    public Augment plain() {
        return new Augment(false, false, mean, std);
    }

    /** Transforms image {@code i} of {@code d} into {@code out} at {@code outOffset}. */
    void apply(Dataset d, int i, SplittableRandom rnd, float[] out, int outOffset) {
        int h = d.height();
        int w = d.width();
        int c = d.channels();
        byte[] src = d.images();
        int base = d.imageOffset(i);
        double y0 = 0;
        double x0 = 0;
        double ch = h;
        double cw = w;
        if (crop) {
            double area = (double) h * w;
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * (MIN_SCALE + rnd.nextDouble() * (1 - MIN_SCALE));
                double logRatio = Math.log(3.0 / 4) + rnd.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
                double ratio = Math.exp(logRatio);
                int tw = (int) Math.round(Math.sqrt(target * ratio));
                int th = (int) Math.round(Math.sqrt(target / ratio));
                if (tw > 0 && th > 0 && tw <= w && th <= h) {
                    y0 = rnd.nextInt(h - th + 1);
                    x0 = rnd.nextInt(w - tw + 1);
                    ch = th;
                    cw = tw;
                    break;
                }
            }
        }
        boolean mirror = flip && rnd.nextBoolean();
        float[] inv = new float[c];
        for (int k = 0; k < c; k++) {
            inv[k] = 1f / (255f * std[k]);
        }
        if (!crop) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sx = mirror ? w - 1 - x : x;
                    int s = base + (y * w + sx) * c;
                    int o = outOffset + (y * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        out[o + k] = (src[s + k] & 0xff) * inv[k] - mean[k] / std[k];
                    }
                }
            }
            return;
        }
        double sy = ch / h;
        double sx = cw / w;
        for (int y = 0; y < h; y++) {
            double fy = Math.min(Math.max(y0 + (y + 0.5) * sy - 0.5, 0), h - 1);
            int yA = (int) fy;
            int yB = Math.min(yA + 1, h - 1);
            double wy = fy - yA;
            for (int x = 0; x < w; x++) {
                int ox = mirror ? w - 1 - x : x;
                double fx = Math.min(Math.max(x0 + (x + 0.5) * sx - 0.5, 0), w - 1);
                int xA = (int) fx;
                int xB = Math.min(xA + 1, w - 1);
                double wx = fx - xA;
                int o = outOffset + (y * w + ox) * c;
                for (int k = 0; k < c; k++) {
                    double v = (1 - wy) * ((1 - wx) * px(src, base, yA, xA, w, c, k) + wx * px(src, base, yA, xB, w, c, k))
                            + wy * ((1 - wx) * px(src, base, yB, xA, w, c, k) + wx * px(src, base, yB, xB, w, c, k));
                    out[o + k] = (float) (v * inv[k] - mean[k] / std[k]);
                }
            }
        }
    }

    private static int px(byte[] src, int base, int y, int x, int w, int c, int k) {
        return src[base + (y * w + x) * c + k] & 0xff;
    }
}
