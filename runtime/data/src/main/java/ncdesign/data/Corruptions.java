package ncdesign.data;

import java.util.List;
import java.util.SplittableRandom;
import ncdesign.api.error.DataException;

/**
 * CIFAR-10-C-style corruptions (Hendrycks &amp; Dietterich 2019) computed in Java, with the published parameters
 * of the 32×32 version at severities 1–5. Implemented so far: gaussian, shot and impulse noise, defocus and zoom
 * blur, brightness, contrast, pixelate and JPEG; glass and motion blur, snow, frost, fog and elastic transform.
 * Each is seeded per image so a corrupted test set is reproducible.
 * <p>Motion blur (and the streaks of snow) in the reference come from ImageMagick's motion blur; here it is a
 * one-sided Gaussian line kernel of the same radius and σ along a random angle, sampled bilinearly — the same
 * operation up to ImageMagick's kernel discretisation. Frost overlays crops of the six frost images scaled by 0.2,
 * read from {@link #frostDir()}; without them frost is refused, never faked.
 * <p>This class holds the names and the entry points; each family is computed in its own class:
 * {@link NoiseCorruptions}, {@link BlurCorruptions}, {@link WeatherCorruptions} and {@link DigitalCorruptions}.
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
                WeatherCorruptions.loadFrost();
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
            WeatherCorruptions.loadFrost();
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

    /** One image (h×w×c floats in [0, 1], channels last) corrupted at severity index s (0–4); x is not changed. */
    static float[] corrupt(float[] x, int h, int w, int c, String name, int s, SplittableRandom r) {
        return switch (name) {
            case "gaussian_noise" -> NoiseCorruptions.gaussian(x, h, w, c, s, r);
            case "shot_noise" -> NoiseCorruptions.shot(x, h, w, c, s, r);
            case "impulse_noise" -> NoiseCorruptions.impulse(x, h, w, c, s, r);
            case "defocus_blur" -> BlurCorruptions.defocus(x, h, w, c, s);
            case "zoom_blur" -> BlurCorruptions.zoomBlur(x, h, w, c, s);
            case "brightness" -> DigitalCorruptions.brightness(x, h, w, c, s);
            case "contrast" -> DigitalCorruptions.contrast(x, h, w, c, s);
            case "pixelate" -> DigitalCorruptions.pixelate(x, h, w, c, s);
            case "jpeg_compression" -> DigitalCorruptions.jpegCompression(x, h, w, c, s);
            case "glass_blur" -> BlurCorruptions.glass(x, h, w, c, s, r);
            case "motion_blur" -> BlurCorruptions.motion(x, h, w, c, s, r);
            case "snow" -> WeatherCorruptions.snow(x, h, w, c, s, r);
            case "frost" -> WeatherCorruptions.frost(x, h, w, c, s, r);
            case "fog" -> WeatherCorruptions.fog(x, h, w, c, s, r);
            case "elastic_transform" -> DigitalCorruptions.elastic(x, h, w, c, s, r);
            default -> throw new IllegalStateException(name);
        };
    }
}
