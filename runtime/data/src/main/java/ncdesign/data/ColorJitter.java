package ncdesign.data;

import java.util.SplittableRandom;

/**
 * ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4, hue 0.1) on [0, 1] pixels, as torchvision defines each
 * adjustment: brightness scales, contrast blends with the mean grey level, saturation blends with the greyscale
 * image, hue rotates in HSV. Greyscale images get brightness and contrast only.
 */
final class ColorJitter {
    private ColorJitter() {
    }

    static void apply(float[] px, int c, SplittableRandom rnd) {
        float b = (float) (0.6 + 0.8 * rnd.nextDouble());
        float ct = (float) (0.6 + 0.8 * rnd.nextDouble());
        float s = (float) (0.6 + 0.8 * rnd.nextDouble());
        float hue = (float) (-0.1 + 0.2 * rnd.nextDouble());
        int n = px.length / c;
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(px[i] * b);
        }
        double mean = 0;
        for (int p = 0; p < n; p++) {
            mean += grey(px, p, c);
        }
        float m = (float) (mean / n);
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp((px[i] - m) * ct + m);
        }
        if (c != 3) {
            return;
        }
        for (int p = 0; p < n; p++) {
            float g = grey(px, p, 3);
            for (int k = 0; k < 3; k++) {
                px[3 * p + k] = clamp(g + (px[3 * p + k] - g) * s);
            }
        }
        float[] hsv = new float[3];
        for (int p = 0; p < n; p++) {
            rgbToHsv(px[3 * p], px[3 * p + 1], px[3 * p + 2], hsv);
            hsv[0] = (hsv[0] + hue + 1f) % 1f;
            hsvToRgb(hsv, px, 3 * p);
        }
    }

    private static float grey(float[] px, int p, int c) {
        return c == 3 ? 0.299f * px[3 * p] + 0.587f * px[3 * p + 1] + 0.114f * px[3 * p + 2] : px[p];
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    static void rgbToHsv(float r, float g, float b, float[] hsv) {
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float d = max - min;
        float h;
        if (d == 0) {
            h = 0;
        } else if (max == r) {
            h = ((g - b) / d) / 6f;
        } else if (max == g) {
            h = ((b - r) / d + 2) / 6f;
        } else {
            h = ((r - g) / d + 4) / 6f;
        }
        hsv[0] = (h + 1f) % 1f;
        hsv[1] = max == 0 ? 0 : d / max;
        hsv[2] = max;
    }

    static void hsvToRgb(float[] hsv, float[] out, int o) {
        float h = hsv[0] * 6f;
        float s = hsv[1];
        float v = hsv[2];
        int i = (int) Math.floor(h) % 6;
        float f = h - (float) Math.floor(h);
        float p = v * (1 - s);
        float q = v * (1 - s * f);
        float t = v * (1 - s * (1 - f));
        float r;
        float g;
        float b;
        switch (i) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
    }
}
