package ncdesign.api.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ncdesign.api.annotation.Experimental;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A loss's graph and session, built once by {@link LossProbe#evaluator} for inputs of one shape and evaluated any
 * number of times with new values: the per-call cost is one session run instead of building a graph, its gradients
 * and a session. For finite-difference loops and other repeated evaluations.
 *
 * <p>Variables the loss owns (e.g. ETF+DR's BatchNorm) are initialised once; training-step updates the loss
 * registers (running statistics) are never run, so every call sees the same state and equal inputs give equal
 * results. Calls are serialised; close the evaluator to free its native graph and session.
 *
 * @since 0.1
 */
@Experimental(since = "0.1")
public final class LossEvaluator implements AutoCloseable {
    private static final Pattern UNREACHABLE = Pattern.compile("'(features|weights|bias|second_view)'");

    private final String who;
    private final Loss loss;
    private final Class<? extends TFloating> type;
    private final String shapes;
    private final Graph graph;
    private final Session session;
    private final Built built;
    private boolean closed;

    /** The graph's placeholders (absent inputs null) and what each run fetches, in order. */
    private record Built(Operand<?> features, Operand<?> weights, Operand<?> bias, Operand<?> secondView,
                         Operand<TInt32> labels, Output<?> loss, List<Output<?>> grads, Output<?> scores,
                         List<String> diagnosticNames, List<Output<?>> diagnostics) {
    }

    private LossEvaluator(String who, Loss loss, Class<? extends TFloating> type, ProbeInputs like, Graph graph,
                          Session session, Built built) {
        this.who = who;
        this.loss = loss;
        this.type = type;
        this.shapes = shapes(like);
        this.graph = graph;
        this.session = session;
        this.built = built;
    }

    static LossEvaluator open(Loss loss, String who, ProbeInputs like, Class<? extends TFloating> type, Mode mode) {
        LossProbe.validate(loss, who, like);
        Graph g = new Graph();
        Session s = null;
        try {
            s = new Session(g);
            Built b = build(g, s, loss, who, like, type, mode);
            return new LossEvaluator(who, loss, type, like, g, s, b);
        } catch (RuntimeException | Error e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
    }

    private static <T extends TFloating> Built build(Graph g, Session s, Loss loss, String who, ProbeInputs in,
                                                     Class<T> type, Mode mode) {
        Ops tf = Ops.create(g);
        int m = in.features().length;
        Placeholder<T> features = placeholder(tf, "features", type, ProbeTensors.shapeOf("features", in.features()));
        Placeholder<T> weights = in.weights() == null ? null : placeholder(tf, "weights", type, ProbeTensors.shapeOf("weights", in.weights()));
        Placeholder<T> bias = in.bias() == null ? null : placeholder(tf, "bias", type, Shape.of(1, in.bias().length));
        Placeholder<T> view = in.secondView() == null ? null
                : placeholder(tf, "second_view", type, ProbeTensors.shapeOf("second view", in.secondView()));
        Placeholder<TInt32> labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(m)));

        GraphVariables vars = new GraphVariables(tf, "loss");
        Operand<T> biasVec = bias == null ? null : tf.reshape(bias, tf.constant(new int[] {-1}));
        LossOutput<T> out = loss.build(tf.withSubScope("loss"), new LossInputs<>(
                type, features, labels, in.numClasses(), weights, biasVec, view, mode, vars, null));
        if (out == null) {
            throw new PluginException(who + " built no output (null)");
        }
        checkShapes(out, who, in.numClasses());

        List<Output<?>> xs = new ArrayList<>();
        xs.add(features.asOutput());
        if (weights != null) {
            xs.add(weights.asOutput());
        }
        if (bias != null) {
            xs.add(bias.asOutput());
        }
        if (view != null) {
            xs.add(view.asOutput());
        }
        Output<?>[] grads;
        try {
            grads = g.addGradients(out.loss().asOutput(), xs.toArray(Output[]::new));
        } catch (RuntimeException e) {
            throw unreachable(who, e);
        }
        List<String> names = new ArrayList<>(out.diagnostics().keySet());
        List<Output<?>> diags = new ArrayList<>();
        for (String n : names) {
            diags.add(tf.dtypes.cast(out.diagnostics().get(n), TFloat64.class).asOutput());
        }
        vars.initialize(s);
        return new Built(features, weights, bias, view, labels, out.loss().asOutput(), List.of(grads),
                out.scores() == null ? null : out.scores().asOutput(), names, diags);
    }

    private static <T extends TFloating> Placeholder<T> placeholder(Ops tf, String name, Class<T> type, Shape shape) {
        return tf.withName(name).placeholder(type, Placeholder.shape(shape));
    }

    /** What the runtime checks too: a scalar loss, and [batch, K] scores. */
    private static void checkShapes(LossOutput<?> out, String who, int k) {
        Shape l = out.loss().shape();
        if (l.numDimensions() > 0) {
            throw new PluginException(who + " returned a loss of shape " + l + "; a loss must be a scalar");
        }
        if (out.scores() != null) {
            Shape s = out.scores().shape();
            if (s.numDimensions() != 2 || (s.get(1) >= 0 && s.get(1) != k)) {
                throw new PluginException(who + " returned class scores of shape " + s + "; expected [batch, " + k + "]");
            }
        }
    }

    /** TensorFlow's "Cannot compute the partial derivative for node 'weights'..." in the loss's terms. */
    private static PluginException unreachable(String who, RuntimeException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = UNREACHABLE.matcher(msg);
        if (msg.contains("partial derivative") && m.find()) {
            String input = switch (m.group(1)) {
                case "weights" -> "classifier weights";
                case "second_view" -> "second view";
                default -> m.group(1);
            };
            return new PluginException(who + "'s value does not depend on its " + input
                    + ", which its needs() declare; use them or declare them away", e);
        }
        return new PluginException(who + ": cannot differentiate its value: " + msg.replace('\n', ' '), e);
    }

    /**
     * Evaluates the loss on {@code in}, which must have the shapes the evaluator was built for.
     *
     * @throws PluginException       when the inputs do not fit the loss's needs
     * @throws IllegalArgumentException when their shapes differ from those the evaluator was built for
     * @throws IllegalStateException when the evaluator is closed
     */
    public synchronized ProbeResult evaluate(ProbeInputs in) {
        if (closed) {
            throw new IllegalStateException("this LossEvaluator of " + who + " is closed");
        }
        LossProbe.validate(loss, who, in);
        checkSameShapes(in);
        List<Tensor> feeds = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            feed(r, built.features(), in.features(), feeds);
            feed(r, built.weights(), in.weights(), feeds);
            feed(r, built.bias(), in.bias() == null ? null : new double[][] {in.bias()}, feeds);
            feed(r, built.secondView(), in.secondView(), feeds);
            Tensor y = TInt32.vectorOf(in.labels());
            feeds.add(y);
            r.feed(built.labels(), y);
            r.fetch(built.loss());
            built.grads().forEach(r::fetch);
            if (built.scores() != null) {
                r.fetch(built.scores());
            }
            built.diagnostics().forEach(r::fetch);
            try (Result res = r.run()) {
                return result(res);
            }
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    private void feed(Session.Runner r, Operand<?> placeholder, double[][] values, List<Tensor> feeds) {
        if (placeholder != null) {
            Tensor t = ProbeTensors.tensor(type, values);
            feeds.add(t);
            r.feed(placeholder, t);
        }
    }

    private ProbeResult result(Result res) {
        int k = 0;
        Tensor value = res.get(k++);
        if (value.shape().numDimensions() != 0) {
            throw new PluginException(who + " returned a loss of shape " + value.shape() + "; a loss must be a scalar");
        }
        double v = ProbeTensors.matrix(value)[0][0];
        double[][] gf = ProbeTensors.matrix(res.get(k++));
        double[][] gw = built.weights() == null ? null : ProbeTensors.matrix(res.get(k++));
        double[] gb = built.bias() == null ? null : ProbeTensors.matrix(res.get(k++))[0];
        double[][] gv = built.secondView() == null ? null : ProbeTensors.matrix(res.get(k++));
        double[][] scores = built.scores() == null ? null : ProbeTensors.matrix(res.get(k++));
        Map<String, Double> diags = new LinkedHashMap<>();
        for (String n : built.diagnosticNames()) {
            diags.put(n, ProbeTensors.matrix(res.get(k++))[0][0]);
        }
        return new ProbeResult(v, gf, gw, gb, gv, scores, diags);
    }

    private void checkSameShapes(ProbeInputs in) {
        String given = shapes(in);
        if (!shapes.equals(given)) {
            throw new IllegalArgumentException("this evaluator of " + who + " was built for " + shapes + ", got " + given
                    + "; build another with LossProbe.evaluator");
        }
    }

    private static String shapes(ProbeInputs in) {
        return "features " + dims(in.features()) + ", K = " + in.numClasses()
                + (in.weights() == null ? "" : ", weights " + dims(in.weights()))
                + (in.bias() == null ? "" : ", bias " + in.bias().length)
                + (in.secondView() == null ? "" : ", second view " + dims(in.secondView()));
    }

    private static String dims(double[][] x) {
        return x.length + "x" + (x.length == 0 ? 0 : x[0].length);
    }

    /** Frees the graph and the session; later {@link #evaluate} calls fail. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
        }
    }
}
