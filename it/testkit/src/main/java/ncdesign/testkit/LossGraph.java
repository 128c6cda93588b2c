package ncdesign.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.probe.ProbeInputs;
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
import org.tensorflow.types.family.TNumber;

/**
 * Builds and runs a loss the way the runtime's training graph does: float32, features and labels of unknown batch
 * size ({@code [?, d]}, {@code [?]}), the classifier it declares, in {@link Mode#TRAIN} (the step) or
 * {@link Mode#INFER} (evaluation and export: the second view is the first, and export feeds all-zero labels). Every
 * shape the runtime checks is checked here, with a message saying how to fix it.
 */
final class LossGraph {
    /** What one run gave: the loss, the scores (or null), ∂loss/∂features (TRAIN only) and the diagnostics. */
    record Outcome(float loss, float[][] scores, float[][] gradFeatures, Map<String, Float> diagnostics) {
    }

    private LossGraph() {
    }

    /** The loss's declaration, or a failure naming it. */
    static LossNeeds needs(String who, Loss loss) {
        LossNeeds needs = Check.call(who + ": needs() threw", loss::needs);
        Check.that(needs != null, who + ": needs() returned null; declare what the loss needs, e.g."
                + " LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true)");
        return needs;
    }

    /**
     * Builds {@code loss} in {@code mode} on {@code in} (labels replaced by zeros when {@code zeroLabels}), checks its
     * shapes and runs it once.
     */
    static Outcome run(String who, Loss loss, ProbeInputs in, Mode mode, boolean zeroLabels) {
        LossNeeds needs = needs(who, loss);
        int m = in.features().length;
        int d = in.features()[0].length;
        int k = in.numClasses();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Map<Placeholder<?>, Tensor> feeds = new LinkedHashMap<>();
            try {
                Placeholder<TFloat32> f = input(tf, "features", Shape.of(-1, d), Feeds.tensor(Feeds.floats(in.features())), feeds);
                Placeholder<TInt32> y = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
                feeds.put(y, Feeds.ints(zeroLabels ? new int[m] : in.labels()));
                Placeholder<TFloat32> w = needs.classifier().hasWeights()
                        ? input(tf, "weights", Shape.of(k, d), Feeds.tensor(Feeds.floats(in.weights())), feeds) : null;
                Placeholder<TFloat32> b = needs.classifier().hasBias()
                        ? input(tf, "bias", Shape.of(k), Feeds.tensor(Feeds.floats(new double[][] {in.bias()})[0], Shape.of(k)), feeds)
                        : null;
                Operand<TFloat32> view2 = null;
                if (needs.views() == 2) {
                    view2 = mode == Mode.INFER ? f
                            : input(tf, "view2", Shape.of(-1, d), Feeds.tensor(Feeds.floats(in.secondView())), feeds);
                }
                KitVariables vars = new KitVariables(tf, 1, who);
                LossInputs<TFloat32> li = new LossInputs<>(TFloat32.class, f, y, k, w, b, view2, mode, vars.scoped("loss"), null);
                LossOutput<TFloat32> out = Check.call(who + ": building in Mode." + mode + " with a batch of unknown size"
                        + " (features [?, " + d + "], as the runtime builds it) threw", () -> loss.build(tf.withSubScope("loss"), li));
                Check.that(out != null, who + ": build() returned null in Mode." + mode + "; return LossOutput.of(loss, scores)");
                checkStatic(who, mode, out, k, d);
                Operand<TFloat32> grad = mode == Mode.TRAIN ? gradient(who, tf, out.loss(), f) : null;
                return execute(who, mode, tf, s, vars, feeds, out, grad, m, k);
            } finally {
                feeds.values().forEach(Tensor::close);
            }
        }
    }

    private static Placeholder<TFloat32> input(Ops tf, String name, Shape shape, TFloat32 value, Map<Placeholder<?>, Tensor> feeds) {
        Placeholder<TFloat32> p = tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
        feeds.put(p, value);
        return p;
    }

    private static void checkStatic(String who, Mode mode, LossOutput<TFloat32> out, int k, int d) {
        Shape ls = out.loss().shape();
        Check.that(ls.isUnknown() || ls.numDimensions() == 0, lossShape(who, mode, ls));
        if (out.scores() != null) {
            Shape ss = out.scores().shape();
            Check.that(ss.isUnknown() || (ss.numDimensions() == 2 && (ss.get(1) == k || ss.get(1) < 0)), scoresShape(who, mode, ss, k, d));
        }
        for (Map.Entry<String, Operand<? extends TNumber>> e : out.diagnostics().entrySet()) {
            Shape ds = e.getValue().shape();
            Check.that(ds.isUnknown() || ds.numDimensions() == 0, who + " returned diagnostic '" + e.getKey() + "' of shape " + ds
                    + " in Mode." + mode + "; a diagnostic must be a scalar (the runtime sums it over the steps of an epoch and"
                    + " logs it): reduce it, e.g. tf.reduceSum(x, tf.constant(0))");
        }
    }

    private static String lossShape(String who, Mode mode, Shape s) {
        return who + " returned a loss of shape " + s + " in Mode." + mode + "; a loss must be a scalar (shape []): reduce"
                + " the per-sample losses over the batch, e.g. tf.math.mean(perSample, tf.constant(0)); the runtime refuses"
                + " any other shape before training";
    }

    private static String scoresShape(String who, Mode mode, Shape s, int k, int d) {
        boolean features = s.numDimensions() == 2 && s.get(1) == d;
        return who + " returned class scores of shape " + s + " in Mode." + mode + "; expected [batch, K] = [?, " + k + "],"
                + " one column per class whose arg-max is the prediction"
                + (features ? " (these are d = " + d + " wide, the features' width: return scores such as features·weightsᵀ,"
                + " not the features)" : "");
    }

    private static Operand<TFloat32> gradient(String who, Ops tf, Operand<TFloat32> loss, Operand<TFloat32> features) {
        String none = who + ": the loss does not depend on the features, so nothing before it would train";
        Gradients g;
        try {
            g = tf.gradients(loss, List.of(features));
        } catch (RuntimeException e) {
            Check.that(Branches.unreachable(e, List.of(features), List.of("features")).isEmpty(), none);
            throw Check.failure(who + ": cannot differentiate the loss with respect to the features (the runtime trains by"
                    + " this gradient: every op between them needs a gradient in TensorFlow Java; the fused sparse softmax"
                    + " cross-entropy has none, use log-softmax and a one-hot mask)", e);
        }
        Check.that(Branches.usable(g.dy(0)), none);
        @SuppressWarnings("unchecked")
        Operand<TFloat32> dy = (Operand<TFloat32>) (Operand<?>) g.dy(0);
        return dy;
    }

    private static Outcome execute(String who, Mode mode, Ops tf, Session s, KitVariables vars, Map<Placeholder<?>, Tensor> feeds,
                                   LossOutput<TFloat32> out, Operand<TFloat32> grad, int m, int k) {
        Check.call(who + ": initialising the variables it asked for threw", () -> {
            vars.initialize(s);
            return null;
        });
        Session.Runner r = s.runner();
        feeds.forEach(r::feed);
        r.fetch(out.loss());
        if (out.scores() != null) {
            r.fetch(out.scores());
        }
        if (grad != null) {
            r.fetch(grad);
        }
        List<String> names = new ArrayList<>(out.diagnostics().keySet());
        for (String n : names) {
            r.fetch(tf.dtypes.cast(out.diagnostics().get(n), TFloat32.class));
        }
        try (Result res = Check.call(who + ": running its graph in Mode." + mode + " on a batch of " + m + " threw", r::run)) {
            int i = 0;
            Tensor lt = res.get(i++);
            Check.that(lt.shape().numDimensions() == 0, lossShape(who, mode, lt.shape()));
            float value = Feeds.flat(lt)[0];
            float[][] scores = null;
            if (out.scores() != null) {
                Tensor st = res.get(i++);
                Check.that(st.shape().equals(Shape.of(m, k)), scoresShape(who, mode, st.shape(), k, -1) + " (a batch of " + m + ")");
                scores = Feeds.rows(st);
            }
            float[][] gf = grad == null ? null : Feeds.rows(res.get(i++));
            Map<String, Float> diags = new LinkedHashMap<>();
            for (String n : names) {
                Tensor t = res.get(i++);
                Check.that(t.shape().size() == 1, who + " returned diagnostic '" + n + "' with " + t.shape().size() + " values in Mode."
                        + mode + "; a diagnostic must be a scalar");
                diags.put(n, Feeds.flat(t)[0]);
            }
            return new Outcome(value, scores, gf, diags);
        }
    }
}
