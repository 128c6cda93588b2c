package ncdesign.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.InputSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A network plugin (backbone or head) built as the runtime builds it: a {@link Mode#TRAIN} branch and a
 * {@link Mode#INFER} branch on one variable store, inputs of unknown batch size, outputs checked to be
 * {@code [batch, width]} as the runtime checks them. Then the checks the two network kits share: both branches use the
 * same variables, gradients reach every trainable variable, and the same seed gives the same outputs.
 */
final class Branches implements AutoCloseable {
    private final String who;
    private final Graph graph = new Graph();
    private final Session session = new Session(graph);
    private final Ops tf = Ops.create(graph);
    private final KitVariables vars;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TInt32> ids;
    private final int width;
    private Operand<TFloat32> train;
    private Operand<TFloat32> infer;
    private Set<String> trainNames;
    private boolean initialised;

    private Branches(String who, long seed, Shape inputShape, boolean withIds, int width) {
        this.who = who;
        this.vars = new KitVariables(tf, seed, who);
        this.input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(inputShape));
        this.ids = withIds ? tf.withName("sample_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
        this.width = width;
    }

    /** A backbone's two branches on images [?, H, W, C] of {@code spec}. */
    static Branches of(String who, Backbone b, InputSpec spec, long seed) {
        int d = Check.call(who + ": featureDim(" + spec + ") threw", () -> b.featureDim(spec));
        Check.that(d > 0, who + ": featureDim(" + spec + ") is " + d + "; the feature dimension must be positive");
        Branches n = new Branches(who, seed, Shape.of(-1, spec.height(), spec.width(), spec.channels()), true, d);
        n.build(mode -> b.forward(n.tf.withSubScope(mode.name().toLowerCase()).withSubScope("backbone"),
                new BackboneInput(n.input, n.ids, mode, n.vars.scoped("backbone"), spec)), "featureDim()");
        return n;
    }

    /** A head's two branches on encoder features [?, inputDim]. */
    static Branches of(String who, Head h, int inputDim, long seed) {
        int d = Check.call(who + ": outputDim(" + inputDim + ") threw", () -> h.outputDim(inputDim));
        Check.that(d > 0, who + ": outputDim(" + inputDim + ") is " + d + "; the output dimension must be positive");
        Branches n = new Branches(who, seed, Shape.of(-1, inputDim), false, d);
        n.build(mode -> h.forward(n.tf.withSubScope(mode.name().toLowerCase()).withSubScope("head"), n.input, inputDim, mode,
                n.vars.scoped("head")), "outputDim(" + inputDim + ")");
        return n;
    }

    private void build(Function<Mode, Operand<TFloat32>> forward, String declared) {
        train = branch(forward, Mode.TRAIN, declared);
        trainNames = names();
        infer = branch(forward, Mode.INFER, declared);
    }

    private Operand<TFloat32> branch(Function<Mode, Operand<TFloat32>> forward, Mode mode, String declared) {
        Operand<TFloat32> out = Check.call(who + ": forward() in Mode." + mode + " with a batch of unknown size (as the runtime"
                + " builds it) threw", () -> forward.apply(mode));
        Check.that(out != null, who + ": forward() returned null in Mode." + mode);
        Shape s = out.shape();
        Check.that(s.numDimensions() == 2 && (s.get(1) < 0 || s.get(1) == width), shape(mode, s, declared));
        return out;
    }

    private String shape(Mode mode, Shape s, String declared) {
        return who + " returned an output of shape " + s + " in Mode." + mode + " but " + declared + " says " + width
                + "; the runtime expects [batch, " + width + "] and refuses anything else before training: make forward()"
                + " and " + declared + " agree";
    }

    private Set<String> names() {
        Set<String> n = new TreeSet<>();
        vars.entries().forEach(e -> n.add(e.name()));
        return n;
    }

    /** Both branches use the same variables: INFER asks for none that TRAIN did not. */
    void checkShared() {
        Set<String> extra = names();
        extra.removeAll(trainNames);
        Check.that(extra.isEmpty(), who + ": Mode.INFER asked for variables that Mode.TRAIN did not: " + extra + "; both branches"
                + " must ask the store for the same names, or evaluation runs on weights that were never trained");
    }

    /** Seeded random input of {@code batch} rows for this network's input shape. */
    float[] randomInput(int batch, long seed) {
        long per = 1;
        for (int i = 1; i < input.shape().numDimensions(); i++) {
            per *= input.shape().get(i);
        }
        Random r = new Random(seed);
        float[] x = new float[Math.toIntExact(batch * per)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private Shape inputShape(int batch) {
        long[] dims = input.shape().asArray();
        dims[0] = batch;
        return Shape.of(dims);
    }

    /** Runs both branches on {@code x} (and sample ids 0..batch−1): the TRAIN and INFER outputs, shapes checked. */
    float[][][] run(float[] x, int batch) {
        initialise();
        try (TFloat32 in = Feeds.tensor(x, inputShape(batch)); TInt32 id = Feeds.ints(java.util.stream.IntStream.range(0, batch).toArray())) {
            Session.Runner r = session.runner().feed(input, in);
            if (ids != null) {
                r.feed(ids, id);
            }
            r.fetch(train).fetch(infer);
            try (Result res = Check.call(who + ": running it on a batch of " + batch + " threw", r::run)) {
                float[][][] out = new float[2][][];
                for (int i = 0; i < 2; i++) {
                    Tensor t = res.get(i);
                    Mode mode = i == 0 ? Mode.TRAIN : Mode.INFER;
                    Check.that(t.shape().equals(Shape.of(batch, width)), shape(mode, t.shape(), "its declaration")
                            + " (a batch of " + batch + ")");
                    out[i] = Feeds.rows(t);
                    Check.that(Feeds.finite(out[i]), who + ": its output in Mode." + mode + " is not finite on standard-normal input");
                }
                return out;
            }
        }
    }

    private void initialise() {
        if (!initialised) {
            Check.call(who + ": initialising its variables threw", () -> {
                vars.initialize(session);
                return null;
            });
            initialised = true;
        }
    }

    /**
     * Gradients of Σ output·R (R fixed, random) in TRAIN reach every trainable variable, and the input when
     * {@code throughInput} (a head must pass gradients on to the backbone); they are finite.
     */
    void checkGradients(float[] x, int batch, boolean throughInput) {
        List<KitVariables.Entry> trainable = vars.entries().stream().filter(KitVariables.Entry::trainable).toList();
        List<Operand<?>> wrt = new ArrayList<>();
        trainable.forEach(e -> wrt.add(e.read()));
        if (throughInput) {
            wrt.add(input);
        }
        if (wrt.isEmpty()) {
            return; // a backbone without trainable variables: nothing to reach
        }
        Random rnd = new Random(98);
        float[][] weights = new float[batch][width];
        for (float[] row : weights) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        Operand<TFloat32> r = tf.constant(weights);
        Operand<TFloat32> objective = tf.reduceSum(tf.math.mul(train, r), tf.constant(new int[] {0, 1}));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < wrt.size(); i++) {
            labels.add(i < trainable.size() ? "trainable variable '" + trainable.get(i).name() + "'" : "its input");
        }
        Map<String, Operand<?>> reached = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        try {
            Gradients g = tf.gradients(objective, wrt);
            for (int i = 0; i < wrt.size(); i++) {
                if (usable(g.dy(i))) {
                    reached.put(labels.get(i), g.dy(i));
                } else {
                    missing.add(labels.get(i)); // TensorFlow's "no gradient" (a stopGradient on the way)
                }
            }
        } catch (RuntimeException e) {
            missing.addAll(unreachable(e, wrt, labels));
            if (missing.isEmpty()) {
                throw Check.failure(who + ": cannot differentiate its output in Mode.TRAIN (every op between the variables"
                        + " and the output needs a gradient in TensorFlow Java)", e);
            }
        }
        Check.that(missing.isEmpty(), who + ": no gradient reaches " + String.join(", ", missing) + " from its output in"
                + " Mode.TRAIN" + (missing.contains("its input") ? " (a head must pass gradients on to the backbone)" : "")
                + "; the runtime trains only what the loss's gradient reaches: use every trainable variable in the TRAIN"
                + " branch, or ask for it with state(...) if it is not meant to be trained");
        initialise();
        try (TFloat32 in = Feeds.tensor(x, inputShape(batch)); TInt32 id = Feeds.ints(java.util.stream.IntStream.range(0, batch).toArray())) {
            Session.Runner run = session.runner().feed(input, in);
            if (ids != null) {
                run.feed(ids, id);
            }
            reached.values().forEach(run::fetch);
            try (Result res = run.run()) {
                int i = 0;
                for (String name : reached.keySet()) {
                    for (float v : Feeds.flat(res.get(i++))) {
                        Check.that(Float.isFinite(v), who + ": the gradient of " + name + " is not finite on standard-normal input");
                    }
                }
            }
        }
    }

    /** Two builds with the same seed give the same outputs in both modes on the same input. */
    static void checkSameOutputs(Branches a, Branches b, int batch) {
        float[] in = a.randomInput(batch, 4);
        float[][][] x = a.run(in, batch);
        float[][][] y = b.run(in, batch);
        for (int m = 0; m < 2; m++) {
            double diff = Feeds.maxDifference(x[m], y[m]);
            Check.that(diff == 0, a.who + ": two builds with the same seed gave outputs that differ by up to " + diff + " in Mode."
                    + Mode.values()[m] + "; runs must repeat under a seed: initialise variables with the Initializer's seed"
                    + " and draw randomness (dropout, noise) only from stateless ops with a fixed seed");
        }
    }

    /** Whether a gradient TensorFlow returned is a tensor (its "no gradient" is an output of no live operation). */
    static boolean usable(Operand<?> dy) {
        if (dy == null) {
            return false;
        }
        try {
            dy.asOutput().dataType();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The labels of the {@code wrt} that TensorFlow's error names as unreachable from the output. */
    static List<String> unreachable(RuntimeException e, List<? extends Operand<?>> wrt, List<String> labels) {
        String m = String.valueOf(e.getMessage());
        List<String> out = new ArrayList<>();
        if (m.contains("unreachable")) {
            for (int i = 0; i < wrt.size(); i++) {
                if (m.contains("'" + wrt.get(i).op().name() + "'")) {
                    out.add(labels.get(i));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
