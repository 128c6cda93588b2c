package ncdesign.data;

import java.util.SplittableRandom;

/**
 * CPU image augmentation, one image at a time, driven by a per-sample random generator so the result does not
 * depend on which thread prepares it. Like torchvision's transforms on PIL images, every transform works on the
 * image and the result is rounded back to uint8; conversion to float and normalisation happen in the graph, on the
 * run's device.
 *
 * @param crop      RandomResizedCrop: scale in [0.2, 1], aspect ratio in [3/4, 4/3], bilinear resize back to H×W
 *                  (after 10 failed tries, the whole image)
 * @param flip      horizontal flip with probability ½
 * @param jitter    with probability 0.8, ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4, hue 0.1), applied
 *                  in that fixed order (torchvision shuffles the order; saturation and hue need RGB)
 * @param grayscale random grayscale with probability 0.2 (RGB only)
 */
public record Augment(boolean crop, boolean flip, boolean jitter, boolean grayscale) {
    public static final double MIN_SCALE = 0.2;

    /** No augmentation (evaluation). */
    public static final Augment NONE = new Augment(false, false, false, false);

    /** Crop and flip only. */
    public Augment(boolean crop, boolean flip) {
        this(crop, flip, false, false);
    }

    /**
     * The augmentation named by the {@code augment} option: {@code none}, {@code flip}, {@code crop-flip},
     * {@code contrastive} (crop, flip, colour jitter, grayscale — the SimCLR/SupCon recipe), or {@code auto}
     * (contrastive for two-view losses, crop-flip for RGB, none for greyscale).
     */
    public static Augment of(String mode, int channels, boolean twoViews) {
        String m = mode.equals("auto") ? (twoViews ? "contrastive" : channels == 3 ? "crop-flip" : "none") : mode;
        return switch (m) {
            case "contrastive" -> new Augment(true, true, true, channels == 3);
            case "crop-flip" -> new Augment(true, true);
            case "flip" -> new Augment(false, true);
            default -> NONE;
        };
    }

    public static Augment of(String mode, int channels) {
        return of(mode, channels, false);
    }

    /** No augmentation (evaluation). */
    public Augment plain() {
        return NONE;
    }

    /** Transforms image {@code i} of {@code d} into {@code out} (uint8, H×W×C) at {@code outOffset}. */
    void apply(Dataset d, int i, SplittableRandom rnd, byte[] out, int outOffset) {
        int h = d.height();
        int w = d.width();
        int c = d.channels();
        byte[] src = d.images();
        int base = d.imageOffset(i);
        if (!crop && !flip && !jitter && !grayscale) { // evaluation, or augment none: the image as it is
            System.arraycopy(src, base, out, outOffset, h * w * c);
            return;
        }
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
        boolean colour = jitter && rnd.nextDouble() < 0.8;
        boolean grey = grayscale && c == 3 && rnd.nextDouble() < 0.2;
        if (!crop && !colour && !grey) { // pixels are only moved: copy the bytes
            if (!mirror) {
                System.arraycopy(src, base, out, outOffset, h * w * c);
                return;
            }
            for (int y = 0; y < h; y++) {
                int row = base + y * w * c;
                int to = outOffset + y * w * c;
                for (int x = 0; x < w; x++) {
                    int from = row + (w - 1 - x) * c;
                    for (int k = 0; k < c; k++) {
                        out[to++] = src[from + k];
                    }
                }
            }
            return;
        }
        float[] px = new float[h * w * c]; // [0, 1]
        if (!crop) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sx = mirror ? w - 1 - x : x;
                    int s = base + (y * w + sx) * c;
                    int o = (y * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        px[o + k] = (src[s + k] & 0xff) / 255f;
                    }
                }
            }
        } else {
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
                    int o = (y * w + ox) * c;
                    for (int k = 0; k < c; k++) {
                        double v = (1 - wy) * ((1 - wx) * at(src, base, yA, xA, w, c, k) + wx * at(src, base, yA, xB, w, c, k))
                                + wy * ((1 - wx) * at(src, base, yB, xA, w, c, k) + wx * at(src, base, yB, xB, w, c, k));
                        px[o + k] = (float) (v / 255.0);
                    }
                }
            }
        }
        if (colour) {
            ColorJitter.apply(px, c, rnd);
        }
        if (grey) {
            for (int p = 0; p < h * w; p++) {
                float g = 0.299f * px[3 * p] + 0.587f * px[3 * p + 1] + 0.114f * px[3 * p + 2];
                px[3 * p] = g;
                px[3 * p + 1] = g;
                px[3 * p + 2] = g;
            }
        }
        for (int j = 0; j < px.length; j++) {
            out[outOffset + j] = (byte) Math.round(Math.min(Math.max(px[j], 0f), 1f) * 255f);
        }
    }

    private static int at(byte[] src, int base, int y, int x, int w, int c, int k) {
        return src[base + (y * w + x) * c + k] & 0xff;
    }
}
