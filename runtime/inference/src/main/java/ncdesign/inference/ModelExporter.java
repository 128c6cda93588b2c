package ncdesign.inference;

import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.core.train.Checkpoint;
import ncdesign.core.train.TrainedModel;
import ncdesign.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.backbone.StateVariable;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossOutput;
import ncdesign.core.Versions;
import ncdesign.features.Npy;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.DatasetCatalog;
import ncdesign.io.Json;
import ncdesign.io.RunLayout;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * {@code ncd export}: writes a TensorFlow SavedModel of a trained run's inference graph. The weights of the last
 * checkpoint are baked into the graph as constants, so the model needs nothing but TensorFlow to serve.
 * <p>Signatures (tag {@code serve}):
 * <ul>
 *   <li>{@code serving_default}: input {@code images} uint8 [B, H, W, C];</li>
 *   <li>{@code serving_float}: input {@code images} float32 [B, H, W, C] in [0, 1];</li>
 * </ul>
 * both with the training normalisation applied in the graph, and outputs {@code probabilities} [B, K],
 * {@code class} int64 [B], {@code features} (L2-normalised, [B, d]) and {@code cosines} [B, K] (cosine similarity to
 * each class prototype). For SCL runs the classifier is the fixed prototypes of the projection-head features.
 * A provenance file {@code ncdesign.json} is written beside the model.
 */
public final class ModelExporter {
    /** Metadata file written beside the SavedModel. */
    public static final String METADATA = "ncdesign.json";

    private ModelExporter() {
    }

    public static Path export(Path runDir, Path out) throws IOException {
        if (!TrainedModel.isTrained(runDir)) {
            throw new DataException("cannot export " + runDir + ": it needs " + RunLayout.CONFIG + " and " + RunLayout.CHECKPOINTS + "/" + RunLayout.LAST_CHECKPOINT + " (a finished or checkpointed run)");
        }
        if (Files.exists(out) && Files.list(out).findAny().isPresent()) {
            throw new ConfigException("export folder " + out + " exists and is not empty; choose another --out");
        }
        TrainedModel model = TrainedModel.open(runDir, "export");
        TrainConfig cfg = model.config();
        Trainer.Plan plan = model.plan();
        Checkpoint c = model.readCheckpoint();
        Map<String, Object> meta = c.meta();
        ncdesign.data.Dataset test = DatasetCatalog.load(cfg.dataset(), ncdesign.api.eval.Split.TEST,
                cfg.dataDir());
        int k = ((Number) meta.get("num_classes")).intValue();
        InputSpec spec = new InputSpec(test.height(), test.width(), test.channels(), k, 0);
        float[][] norm = DatasetCatalog.normalisation(cfg.dataset(), test.channels());

        Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp-export");
        deleteTree(tmp);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Frozen vars = new Frozen(tf, c, "");
            Shape img = Shape.of(-1, spec.height(), spec.width(), spec.channels());
            Placeholder<TUint8> u8 = tf.withName("images_uint8").placeholder(TUint8.class, Placeholder.shape(img));
            Placeholder<TFloat32> f32 = tf.withName("images_float").placeholder(TFloat32.class, Placeholder.shape(img));
            Outputs a = build(tf.withSubScope("u8"), plan, vars, spec, norm,
                    tf.math.div(tf.dtypes.cast(u8, TFloat32.class), tf.constant(255f)), runDir);
            Outputs b = build(tf.withSubScope("f32"), plan, vars, spec, norm, f32, runDir);
            Signature sigA = Signature.builder().key("serving_default").input("images", u8)
                    .output("probabilities", a.probabilities).output("class", a.classes).output("features", a.features)
                    .output("cosines", a.cosines).build();
            Signature sigB = Signature.builder().key("serving_float").input("images", f32)
                    .output("probabilities", b.probabilities).output("class", b.classes).output("features", b.features)
                    .output("cosines", b.cosines).build();
            SavedModelBundle.exporter(tmp.toString()).withSession(s).withSignatures(sigA, sigB).export();
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("format", "ncdesign-savedmodel-1");
            md.put("loss", plan.lossInfo().name());
            md.put("backbone", plan.backboneInfo().name());
            md.put("dataset", cfg.dataset());
            md.put("classifier", a.source);
            md.put("class_names", test.classNames());
            md.put("input", Map.of("height", spec.height(), "width", spec.width(), "channels", spec.channels()));
            md.put("normalisation", Map.of("mean", toList(norm[0]), "std", toList(norm[1])));
            md.put("checkpoint", Map.of("epoch", meta.get("epoch"), "step", meta.get("step")));
            md.put("configuration", cfg.asMap());
            md.put("versions", Versions.all());
            Files.writeString(tmp.resolve(METADATA), Json.write(md) + "\n");
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        if (Files.exists(out)) {
            Files.delete(out);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    private static List<Double> toList(float[] v) {
        java.util.ArrayList<Double> l = new java.util.ArrayList<>();
        for (float x : v) {
            l.add((double) x);
        }
        return l;
    }

    private record Outputs(Operand<TFloat32> probabilities, Operand<TInt64> classes, Operand<TFloat32> features,
                           Operand<TFloat32> cosines, String source) {
    }

    private static Outputs build(Ops tf, Trainer.Plan plan, Frozen vars, InputSpec spec, float[][] norm,
                                 Operand<TFloat32> unit, Path runDir) throws IOException {
        Operand<TFloat32> x = tf.math.div(tf.math.sub(unit, tf.constant(norm[0])), tf.constant(norm[1]));
        Operand<TFloat32> z = plan.backbone().forward(tf.withSubScope("backbone"),
                new BackboneInput(x, tf.zeros(tf.constant(new int[] {1}), TInt32.class), Mode.INFER, vars.scope("backbone"), spec));
        int k = spec.numClasses();
        // the loss's declared temperature (LossProvider.temperatureParameter()), whatever its parameter is called
        double tau = Double.isNaN(plan.temperature()) ? 1.0 : plan.temperature();
        if (plan.head() != null) {
            int d = plan.backbone().featureDim(spec);
            Operand<TFloat32> h = plan.head().forward(tf.withSubScope("head"), z, d, Mode.INFER, vars.scope("head"));
            Path protos = RunLayout.classifierWeights(RunLayout.features(runDir), "fixed-prototypes");
            if (!Files.exists(protos)) {
                throw new DataException("cannot export " + runDir + ": an SCL run needs its fixed prototypes"
                        + " (" + RunLayout.FEATURES + "/" + protos.getFileName() + "; run it with the fixed-prototypes evaluator)");
            }
            Npy.Array p = Npy.read(protos);
            float[][] w = new float[p.rows()][p.cols()];
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.cols(); j++) {
                    w[i][j] = (float) p.values()[i * p.cols() + j];
                }
            }
            Operand<TFloat32> u = l2(tf, h);
            Operand<TFloat32> cos = tf.linalg.matMul(u, l2(tf, tf.constant(w)), MatMul.transposeB(true));
            return new Outputs(tf.nn.softmax(tf.math.div(cos, tf.constant((float) tau))), tf.math.argMax(cos, tf.constant(1), TInt64.class),
                    u, cos, "fixed-prototypes");
        }
        Operand<TFloat32> w = vars.existing("classifier/w") ? vars.trainable("classifier/w", Shape.of(k, -1), null)
                : vars.trainable("classifier/etf", Shape.of(k, -1), null);
        Operand<TFloat32> b = vars.existing("classifier/b") ? vars.trainable("classifier/b", Shape.of(k), null) : null;
        LossOutput<TFloat32> lo = plan.loss().build(tf.withSubScope("loss"), new LossInputs<>(TFloat32.class, z,
                tf.zeros(tf.reshape(tf.shape.size(z, tf.constant(0)), tf.constant(new int[] {1})), TInt32.class), k, w, b, null, Mode.INFER, vars.scope("loss"), null));
        Operand<TFloat32> scores = lo.scores();
        Operand<TFloat32> logits = plan.loss().needs().scaleInvariant() ? tf.math.div(scores, tf.constant((float) tau)) : scores;
        Operand<TFloat32> u = l2(tf, z);
        Operand<TFloat32> cos = tf.linalg.matMul(u, l2(tf, w), MatMul.transposeB(true));
        return new Outputs(tf.nn.softmax(logits), tf.math.argMax(scores, tf.constant(1), TInt64.class), u, cos, "trained classifier");
    }

    private static Operand<TFloat32> l2(Ops tf, Operand<TFloat32> v) {
        Operand<TFloat32> n = tf.math.sqrt(tf.reduceSum(tf.math.square(v), tf.constant(1), ReduceSum.keepDims(true)));
        return tf.math.div(v, tf.math.maximum(n, tf.constant(1e-12f)));
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** A variable store that hands out a checkpoint's values as constants (a frozen graph). */
    private static final class Frozen implements VariableStore {
        private final Ops tf;
        private final Checkpoint c;
        private final String prefix;
        private final Map<String, Operand<TFloat32>> made;

        Frozen(Ops tf, Checkpoint c, String prefix) {
            this(tf, c, prefix, new LinkedHashMap<>());
        }

        private Frozen(Ops tf, Checkpoint c, String prefix, Map<String, Operand<TFloat32>> made) {
            this.tf = tf;
            this.c = c;
            this.prefix = prefix;
            this.made = made;
        }

        boolean existing(String name) {
            return c.variables().containsKey(prefix + name);
        }

        @Override
        public Operand<TFloat32> trainable(String name, Shape shape, Initializer init) {
            String full = prefix + name;
            return made.computeIfAbsent(full, n -> {
                float[] v = c.variables().get(n);
                if (v == null) {
                    throw new DataException("the checkpoint has no variable '" + n + "'; was it written by another model?");
                }
                return tf.constant(Shape.of(c.shapes().get(n)), DataBuffers.of(v, true, false));
            });
        }

        @Override
        public StateVariable state(String name, Shape shape, Initializer init) {
            Operand<TFloat32> v = trainable(name, shape, init);
            return new StateVariable() {
                @Override
                public Operand<TFloat32> value() {
                    return v;
                }

                @Override
                public Op assign(Ops ops, Operand<TFloat32> newValue) {
                    return ops.noOp();
                }
            };
        }

        @Override
        public void onTrainStep(Op update) {
        }

        @Override
        public VariableStore scoped(String scope) {
            return scope(scope);
        }

        Frozen scope(String scope) {
            return new Frozen(tf, c, prefix + scope + "/", made);
        }
    }
}
