package ncdesign.inference;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.DataException;
import ncdesign.api.error.UserException;
import ncdesign.io.Json;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A trained ncdesign classifier loaded from an exported SavedModel ({@code ncd export}).
 * <pre>
 * try (Classifier c = Classifier.load(Path.of("model"))) {
 *     Classifier.Prediction p = c.predict(ImageIO.read(new File("shoe.png")));
 *     System.out.println(p.className() + " " + p.probability());
 * }
 * </pre>
 * Images are resized to the model's input size (bilinear) and converted to its channels; normalisation happens
 * inside the model.
 */
public final class Classifier implements AutoCloseable {
    private final SavedModelBundle bundle;
    private final SessionFunction fn;
    private final List<String> classNames;
    private final int height;
    private final int width;
    private final int channels;
    private final Map<String, Object> metadata;

    /** One image's result: the top class and every class's probability and cosine to its prototype. */
    public record Prediction(int classIndex, String className, double probability, float[] probabilities,
                             float[] cosines, float[] features) {
        /** The k most probable classes as (index, probability), best first. */
        public List<Map.Entry<Integer, Float>> top(int k) {
            List<Map.Entry<Integer, Float>> all = new ArrayList<>();
            for (int c = 0; c < probabilities.length; c++) {
                all.add(Map.entry(c, probabilities[c]));
            }
            all.sort(Map.Entry.<Integer, Float>comparingByValue(Comparator.reverseOrder()));
            return all.subList(0, Math.min(k, all.size()));
        }
    }

    private Classifier(SavedModelBundle bundle, Map<String, Object> metadata) {
        this.bundle = bundle;
        this.fn = bundle.function("serving_float");
        this.metadata = metadata;
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) metadata.get("class_names");
        this.classNames = List.copyOf(names);
        @SuppressWarnings("unchecked")
        Map<String, Number> in = (Map<String, Number>) metadata.get("input");
        this.height = in.get("height").intValue();
        this.width = in.get("width").intValue();
        this.channels = in.get("channels").intValue();
    }

    /** Loads an exported model; a missing, corrupt or foreign folder fails with one line. */
    @SuppressWarnings("unchecked")
    public static Classifier load(Path dir) {
        Path md = dir.resolve("ncdesign.json");
        if (!Files.isRegularFile(md) || !Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new DataException(dir + " is not an exported ncdesign model (needs saved_model.pb and ncdesign.json; create it with ncd export)");
        }
        Map<String, Object> meta;
        try {
            meta = Json.readMap(md);
            if (meta == null || !"ncdesign-savedmodel-1".equals(meta.get("format")) || !(meta.get("class_names") instanceof List)) {
                throw new DataException(md + " is not an ncdesign model description (format ncdesign-savedmodel-1)");
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof UserException pe) {
                throw pe;
            }
            throw new DataException(e instanceof ncdesign.io.JsonFileException ? e.getMessage() : md + " is unreadable: " + e.getMessage(), e);
        }
        SavedModelBundle b;
        try {
            b = SavedModelBundle.load(dir.toString(), "serve");
        } catch (RuntimeException e) {
            throw new DataException(dir + ": TensorFlow cannot load the SavedModel (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        try {
            return new Classifier(b, meta);
        } catch (RuntimeException e) {
            b.close();
            throw new DataException(dir + ": incompatible model (" + e.getMessage() + ")");
        }
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The provenance written by {@code ncd export}. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Classifies an image of any size and colour model. */
    public Prediction predict(BufferedImage image) {
        return predict(toArray(image));
    }

    /** Classifies an image given as [height][width][channels] values in [0, 1], of the model's input size. */
    public Prediction predict(float[][][] image) {
        return predictBatch(java.util.Collections.singletonList(image)).get(0);
    }

    /** Classifies several images at once. */
    public List<Prediction> predictBatch(List<float[][][]> images) {
        int n = images.size();
        float[] flat = new float[n * height * width * channels];
        int o = 0;
        for (float[][][] img : images) {
            if (img.length != height || img[0].length != width || img[0][0].length != channels) {
                throw new DataException("image is " + img.length + "x" + img[0].length + "x" + img[0][0].length
                        + " but the model takes " + height + "x" + width + "x" + channels + "; use predict(BufferedImage) to resize");
            }
            for (float[][] row : img) {
                for (float[] px : row) {
                    for (float v : px) {
                        flat[o++] = v;
                    }
                }
            }
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, height, width, channels), DataBuffers.of(flat, true, false));
             Result r = fn.call(Map.of("images", x))) {
            TFloat32 prob = (TFloat32) r.get("probabilities").orElseThrow();
            TInt64 cls = (TInt64) r.get("class").orElseThrow();
            TFloat32 cos = (TFloat32) r.get("cosines").orElseThrow();
            TFloat32 feat = (TFloat32) r.get("features").orElseThrow();
            int k = (int) prob.shape().get(1);
            int d = (int) feat.shape().get(1);
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] p = new float[k];
                float[] c = new float[k];
                float[] f = new float[d];
                for (int j = 0; j < k; j++) {
                    p[j] = prob.getFloat(i, j);
                    c[j] = cos.getFloat(i, j);
                }
                for (int j = 0; j < d; j++) {
                    f[j] = feat.getFloat(i, j);
                }
                int best = (int) cls.getLong(i);
                out.add(new Prediction(best, classNames.get(best), p[best], p, c, f));
            }
            return out;
        }
    }

    /** Resizes and converts an image to the model's input as [0, 1] values. */
    public float[][][] toArray(BufferedImage image) {
        BufferedImage img = image;
        if (image.getWidth() != width || image.getHeight() != height) {
            img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
            g.dispose();
        }
        float[][][] a = new float[height][width][channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (channels == 1) {
                    // a greyscale PNG decodes with r = g = b; colour images use luma
                    a[y][x][0] = (r == gr && gr == b ? r : Math.round(0.299f * r + 0.587f * gr + 0.114f * b)) / 255f;
                } else {
                    a[y][x][0] = r / 255f;
                    a[y][x][1] = gr / 255f;
                    a[y][x][2] = b / 255f;
                }
            }
        }
        return a;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
