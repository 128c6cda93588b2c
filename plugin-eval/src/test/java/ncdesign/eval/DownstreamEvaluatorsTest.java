package ncdesign.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.ImageBatch;
import ncdesign.api.eval.SavedClassifier;
import ncdesign.api.eval.Split;
import ncdesign.api.eval.TrainedEncoder;
import ncdesign.api.metric.FeatureSet;
import org.junit.jupiter.api.Test;

/**
 * The evaluators that need a forward pass, on a fake model: 1x1 images with two channels, an encoder that maps the
 * pixels to the features (z = (p0, p1)) and, when the model has a classifier, predicts arg-max z (ties: class 0).
 * Corruptions: {@code swap} swaps the channels of the first {@code severity} images; {@code zero} blanks every image.
 */
class DownstreamEvaluatorsTest {
    static final List<String> K2 = List.of("a", "b");
    /** (10,0) a, (0,10) b, (5,3) b (predicted a: wrong), (2,8) b: clean error 1/4. */
    static final ImageBatch TEST = new ImageBatch("toy", new byte[] {10, 0, 0, 10, 5, 3, 2, 8}, new int[] {0, 1, 1, 1}, K2, 1, 1, 2);

    /** Encoded features with optional predictions. */
    record Encoded(float[] x, int[] labels, int numClasses, int[] pred) implements FeatureSet {
        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int dim() {
            return 2;
        }

        @Override
        public Optional<int[]> predictions() {
            return Optional.ofNullable(pred);
        }

        @Override
        public Optional<float[][]> weights() {
            return Optional.empty();
        }

        @Override
        public Optional<float[]> bias() {
            return Optional.empty();
        }

        @Override
        public List<String> columns() {
            return List.of("features");
        }

        @Override
        public String column() {
            return "features";
        }

        @Override
        public FeatureSet select(String column) {
            return this;
        }

        @Override
        public void forEachBlock(BlockVisitor visitor) {
            visitor.accept(0, labels.length, x.clone());
        }
    }

    /** The identity encoder, with or without the arg-max classifier. */
    record Encoder(boolean hasClassifier, List<String> encoded) implements TrainedEncoder {
        @Override
        public InputSpec inputSpec() {
            return new InputSpec(1, 1, 2, 2, 4);
        }

        @Override
        public FeatureSet encode(ImageBatch images) {
            encoded.add(images.name() + ":" + images.size());
            float[] x = new float[images.size() * 2];
            int[] pred = new int[images.size()];
            for (int i = 0; i < images.size(); i++) {
                x[2 * i] = images.pixels()[2 * i] & 0xff;
                x[2 * i + 1] = images.pixels()[2 * i + 1] & 0xff;
                pred[i] = x[2 * i + 1] > x[2 * i] ? 1 : 0;
            }
            return new Encoded(x, images.labels(), images.numClasses(), hasClassifier ? pred : null);
        }
    }

    /** Images: the toy test set, a separable two-class catalog dataset {@code sep}, and the two corruptions. */
    record Images(String unavailable) implements EvalImages {
        @Override
        public ImageBatch testImages() {
            return TEST;
        }

        @Override
        public ImageBatch dataset(String name, Split split) {
            int n = split == Split.TRAIN ? 8 : 4;
            byte[] px = new byte[2 * n];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
                px[2 * i + y[i]] = (byte) (100 + 10 * i); // class c is bright in channel c
                px[2 * i + 1 - y[i]] = (byte) (i % 3);
            }
            if (name.equals("flipped") && split == Split.TEST) {
                for (int i = 0; i < n; i++) {
                    y[i] = 1 - y[i];
                }
            }
            return new ImageBatch(name, px, y, K2, 1, 1, 2);
        }

        @Override
        public List<String> corruptions() {
            return List.of("swap", "zero");
        }

        @Override
        public Optional<String> unavailable(String corruption) {
            return corruption.equals(unavailable) ? Optional.of(corruption + " needs files that are missing; point NCD_X to them")
                    : Optional.empty();
        }

        @Override
        public ImageBatch corrupt(ImageBatch images, String corruption, int severity, long seed) {
            byte[] px = images.pixels().clone();
            for (int i = 0; i < images.size(); i++) {
                if (corruption.equals("zero")) {
                    px[2 * i] = 0;
                    px[2 * i + 1] = 0;
                } else if (i < severity) {
                    px[2 * i] = images.pixels()[2 * i + 1];
                    px[2 * i + 1] = images.pixels()[2 * i];
                }
            }
            return new ImageBatch(images.name() + "-" + corruption + severity, px, images.labels(), images.classNames(), 1, 1, 2);
        }
    }

    static EvalContext context(TrainedEncoder encoder, EvalImages images, List<SavedClassifier> saved, List<String> progress) {
        return new EvalContext() {
            @Override
            public int numClasses() {
                return 2;
            }

            @Override
            public List<String> classNames() {
                return K2;
            }

            @Override
            public FeatureSet features(Split split) {
                throw new AssertionError("cached features are not what these protocols use");
            }

            @Override
            public long encoderPasses(Split split) {
                return 0;
            }

            @Override
            public FeatureSet augmentedTrainFeatures(int epoch) {
                throw new AssertionError("no augmented features either");
            }

            @Override
            public long seed() {
                return 7;
            }

            @Override
            public Optional<TrainedEncoder> encoder() {
                return Optional.ofNullable(encoder);
            }

            @Override
            public Optional<EvalImages> images() {
                return encoder == null ? Optional.empty() : Optional.of(images);
            }

            @Override
            public List<SavedClassifier> savedClassifiers() {
                return saved;
            }

            @Override
            public void progress(String line) {
                progress.add(line);
            }
        };
    }

    static EvalResult robustness(Map<String, Object> params, EvalContext ctx) {
        return EvaluatorsTest.run(new CorruptionRobustness.Provider(), params, ctx);
    }

    @Test
    void robustnessScoresEveryCorruptionAndSeverityByTheModelsClassifier() {
        List<String> encoded = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        EvalResult r = robustness(Map.of("severities", "1,2"), context(new Encoder(true, encoded), new Images(null), List.of(), progress));
        assertThat(r.evaluator()).isEqualTo("robustness");
        assertThat(r.accuracy()).isEqualTo(0.75);
        Map<String, Double> v = r.values();
        assertThat(v.get("clean-error")).isEqualTo(0.25);
        // swap s1: (0,10) labelled a is now wrong too -> 2/4; s2: (10,0) labelled b as well -> 3/4
        assertThat(v.get("error-swap-s1")).isEqualTo(0.5);
        assertThat(v.get("error-swap-s2")).isEqualTo(0.75);
        assertThat(v.get("error-swap")).isCloseTo(0.625, within(1e-12));
        // zero: every image ties, predicted a; three are b
        assertThat(v.get("error-zero-s1")).isEqualTo(0.75);
        assertThat(v.get("error-zero")).isCloseTo(0.75, within(1e-12));
        assertThat(v.get("mce")).isCloseTo(0.6875, within(1e-12));
        assertThat(v).doesNotContainKey("error-swap-s3");
        assertThat(r.encoderPasses()).isEqualTo(4L * (1 + 2 * 2));
        assertThat(r.weights()).as("robustness fits no classifier").isNull();
        assertThat(encoded).containsExactly("toy:4", "toy-swap1:4", "toy-swap2:4", "toy-zero1:4", "toy-zero2:4");
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).contains("clean error 25.0% on 4 images");
        assertThat(progress.get(1)).contains("[ 1/2] swap").contains("62.5%");
    }

    @Test
    void robustnessLimitsTheTestSetAndScoresAModelWithoutClassifierByASavedOne() {
        EvalResult r = robustness(Map.of("severities", "1", "limit", 2, "corruptions", "swap"),
                context(new Encoder(true, new ArrayList<>()), new Images(null), List.of(), new ArrayList<>()));
        assertThat(r.values().get("clean-error")).isEqualTo(0.0);
        assertThat(r.values().get("error-swap-s1")).isEqualTo(0.5);
        assertThat(r.values()).doesNotContainKey("error-zero");
        assertThat(r.encoderPasses()).isEqualTo(2L * 2);

        // prototypes swapped relative to the arg-max: by cosine, (10,0) -> b, (0,10) -> a, (5,3) -> b, (2,8) -> a: 1 of 4 right
        SavedClassifier protos = new SavedClassifier("fixed-prototypes", new float[][] {{0, 1}, {1, 0}}, null, "features");
        SavedClassifier other = new SavedClassifier("linear-probe", new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0}, "features");
        EvalContext scl = context(new Encoder(false, new ArrayList<>()), new Images(null), List.of(protos, other), new ArrayList<>());
        assertThat(robustness(Map.of("severities", "1", "corruptions", "zero"), scl).values().get("clean-error")).isEqualTo(0.75);
        // the probe is the arg-max: clean error 1/4, as the model's own classifier
        assertThat(robustness(Map.of("severities", "1", "corruptions", "zero", "classifier", "linear-probe"), scl).values()
                .get("clean-error")).isEqualTo(0.25);
        assertThatThrownBy(() -> robustness(Map.of("classifier", "model"), scl)).isInstanceOf(PluginException.class)
                .hasMessageContaining("trains no classifier");
        EvalContext none = context(new Encoder(false, new ArrayList<>()), new Images(null), List.of(), new ArrayList<>());
        assertThatThrownBy(() -> robustness(Map.of(), none)).isInstanceOf(PluginException.class)
                .hasMessageContaining("no classifier to score by").hasMessageContaining("fixed-prototypes");
    }

    @Test
    void robustnessRefusesUnknownAndUnavailableCorruptionsAndSkipsUnavailableOnesOfAll() {
        List<String> progress = new ArrayList<>();
        EvalContext ctx = context(new Encoder(true, new ArrayList<>()), new Images("zero"), List.of(), progress);
        assertThatThrownBy(() -> robustness(Map.of("corruptions", "swap,spatter"), ctx)).isInstanceOf(PluginException.class)
                .hasMessageContaining("unknown corruption 'spatter'").hasMessageContaining("swap, zero");
        assertThatThrownBy(() -> robustness(Map.of("corruptions", "zero"), ctx)).isInstanceOf(PluginException.class)
                .hasMessageContaining("zero needs files");
        assertThatThrownBy(() -> robustness(Map.of("severities", "0,6"), ctx)).isInstanceOf(PluginException.class)
                .hasMessageContaining("1..5");
        EvalResult r = robustness(Map.of("severities", "1"), ctx);
        assertThat(r.values()).containsKey("error-swap").doesNotContainKey("error-zero");
        assertThat(r.values().get("mce")).isEqualTo(0.5);
        assertThat(progress.get(0)).startsWith("zero skipped: zero needs files");
    }

    @Test
    void bothRefuseInOneLineWithoutAnEncoder() {
        EvalContext cache = context(null, null, List.of(), new ArrayList<>());
        assertThatThrownBy(() -> robustness(Map.of(), cache)).isInstanceOf(PluginException.class)
                .hasMessageContaining("evaluator 'robustness'").hasMessageContaining("only cached features")
                .hasMessageContaining("ncd robustness --runs RUN_DIR").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> EvaluatorsTest.run(new TransferProbe.Provider(), Map.of("dataset", "sep"), cache))
                .isInstanceOf(PluginException.class).hasMessageContaining("evaluator 'transfer'")
                .hasMessageContaining("ncd transfer --encoder RUN_DIR --dataset sep").hasMessageNotContaining("\n");
        EvalContext ctx = context(new Encoder(true, new ArrayList<>()), new Images(null), List.of(), new ArrayList<>());
        assertThatThrownBy(() -> EvaluatorsTest.run(new TransferProbe.Provider(), Map.of(), ctx)).isInstanceOf(PluginException.class)
                .hasMessageContaining("transfer.dataset=NAME");
    }

    @Test
    void transferProbesTheEncodedDownstreamDataset() {
        List<String> encoded = new ArrayList<>();
        EvalContext ctx = context(new Encoder(true, encoded), new Images(null), List.of(), new ArrayList<>());
        EvalResult r = EvaluatorsTest.run(new TransferProbe.Provider(), Map.of("dataset", "sep", "epochs", 20, "lr", 0.5), ctx);
        // one bright channel per class: linearly separable after standardisation
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.encoderPasses()).isEqualTo(8 + 4);
        assertThat(r.weights()).as("its classifier acts on another dataset").isNull();
        assertThat(encoded).containsExactly("sep:8", "sep:4");
        // the same images with the test labels flipped: every prediction is now wrong
        assertThat(EvaluatorsTest.run(new TransferProbe.Provider(), Map.of("dataset", "flipped", "epochs", 20), ctx).accuracy())
                .isEqualTo(0.0);
    }

    @Test
    void probeMilestonesAre60_75And90PercentOfTheEpochsWhenNoneAreGiven() {
        assertThat(LinearProbe.milestones(100)).containsExactly(60, 75, 90);
        assertThat(LinearProbe.milestones(10)).containsExactly(6, 7, 9);
        assertThat(LinearProbe.milestones(1)).containsExactly(1, 1, 1);
        EvaluatorsTest.Set train = EvaluatorsTest.random(40, 4, 0, 2, 9, 1.0);
        LinearProbe.Options none = new LinearProbe.Options(10, 0.5, 0.9, List.of(), 0.2, 8, false, 1);
        LinearProbe.Options given = new LinearProbe.Options(10, 0.5, 0.9, List.of(6, 7, 9), 0.2, 8, false, 1);
        LinearProbe.Options other = new LinearProbe.Options(10, 0.5, 0.9, List.of(2), 0.2, 8, false, 1);
        float[][] a = LinearProbe.train(e -> train, 2, none, 3).weights();
        assertThat(LinearProbe.train(e -> train, 2, given, 3).weights()).isDeepEqualTo(a);
        assertThat(LinearProbe.train(e -> train, 2, other, 3).weights()[0]).isNotEqualTo(a[0]);
    }

    @Test
    void savedClassifiersPredictByCosineWithoutBiasAndByLogitWithIt() {
        // w0 is long, w1 short: x = (1, 2) scores 10 vs 2 by dot product, but 1 vs 2 by cosine
        float[][] w = {{10, 0}, {0, 1}};
        FeatureSet fs = new DenseFeatureSet(new float[] {1, 2, 3, 0.1f}, 2, new int[] {0, 0}, 2);
        assertThat(LinearProbe.predict(fs, w, null)).containsExactly(1, 0);          // cosine: (1,2) -> class 1; (3,0.1) -> class 0
        assertThat(LinearProbe.predict(fs, w, new float[] {0, 0})).containsExactly(0, 0); // logits 10 vs 2, 30 vs 0.1
        assertThat(LinearProbe.predict(fs, w, new float[] {0, 9})).containsExactly(1, 0); // 10 vs 11; 30 vs 9.1
        assertThatThrownBy(() -> LinearProbe.predict(fs, new float[][] {{1, 0, 0}}, null)).isInstanceOf(PluginException.class)
                .hasMessageContaining("3 inputs");
    }
}
