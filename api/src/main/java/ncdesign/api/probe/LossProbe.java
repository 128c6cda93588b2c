package ncdesign.api.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.loss.LossNeeds;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Evaluates a {@link Loss} on plain arrays and returns its value and the gradients with respect to every input,
 * in float32 (as training does) or float64 (for finite-difference checks).
 *
 * <p>This is the public way for tests, notebooks and third-party plugin authors to run a loss without the
 * runtime. Each call builds a private graph and session and closes them before returning; nothing is shared.
 */
public final class LossProbe {

    /** Floating precision of the evaluation. */
    public enum Precision {
        FLOAT32(TFloat32.class),
        FLOAT64(TFloat64.class);

        private final Class<? extends TFloating> type;

        Precision(Class<? extends TFloating> type) {
            this.type = type;
        }
    }

    private LossProbe() {
    }

    /** Evaluates in float64, in training mode. */
    public static ProbeResult evaluate(Loss loss, ProbeInputs in) {
        return evaluate(loss, in, Precision.FLOAT64);
    }

    /** Evaluates in the given precision, in training mode. */
    public static ProbeResult evaluate(Loss loss, ProbeInputs in, Precision precision) {
        return run(loss, in, precision.type);
    }

    /** Checks the inputs against each other and against what the loss declares it needs. */
    static void validate(Loss loss, ProbeInputs in) {
        int m = in.features().length;
        int d = m == 0 ? 0 : in.features()[0].length;
        if (in.labels().length != m) {
            throw new PluginException(in.labels().length + " labels for " + m + " feature rows");
        }
        for (int i = 0; i < m; i++) {
            if (in.labels()[i] < 0 || in.labels()[i] >= in.numClasses()) {
                throw new PluginException("label " + in.labels()[i] + " of sample " + i + " is outside 0.." + (in.numClasses() - 1));
            }
        }
        LossNeeds needs = loss.needs();
        if (needs.classifier().hasWeights()) {
            if (in.weights() == null) {
                throw new PluginException("the loss needs classifier weights (" + needs.classifier() + ") but none were given");
            }
            if (in.weights().length != in.numClasses() || (in.weights().length > 0 && in.weights()[0].length != d)) {
                throw new PluginException("weights must be K x d = " + in.numClasses() + "x" + d + ", got " + in.weights().length
                        + "x" + (in.weights().length == 0 ? 0 : in.weights()[0].length));
            }
        }
        if (needs.classifier().hasBias() && (in.bias() == null || in.bias().length != in.numClasses())) {
            throw new PluginException("the loss needs a bias of length K = " + in.numClasses());
        }
        if (needs.views() == 2) {
            if (in.secondView() == null) {
                throw new PluginException("the loss needs a second augmented view but none was given");
            }
            if (in.secondView().length != m || (m > 0 && in.secondView()[0].length != d)) {
                throw new PluginException("the second view must have the features' shape " + m + "x" + d);
            }
        }
    }

    private static <T extends TFloating> ProbeResult run(Loss loss, ProbeInputs in, Class<T> type) {
        validate(loss, in);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Tensor> feeds = new ArrayList<>();
            try {
                Map<Placeholder<?>, Tensor> feedMap = new LinkedHashMap<>();
                Placeholder<T> features = placeholder(tf, type, in.features(), feedMap);
                Placeholder<T> weights = in.weights() == null ? null : placeholder(tf, type, in.weights(), feedMap);
                Placeholder<T> bias = in.bias() == null ? null : placeholder(tf, type, new double[][] {in.bias()}, feedMap);
                Placeholder<T> view2 = in.secondView() == null ? null : placeholder(tf, type, in.secondView(), feedMap);
                Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(in.labels().length)));
                feedMap.put(labels, TInt32.vectorOf(in.labels()));
                feeds.addAll(feedMap.values());

                GraphVariables vars = new GraphVariables(tf, "loss");
                Operand<T> biasVec = bias == null ? null : tf.reshape(bias, tf.constant(new int[] {-1}));
                LossOutput<T> out = loss.build(tf.withSubScope("loss"), new LossInputs<>(
                        type, features, labels, in.numClasses(), weights, biasVec, view2, Mode.TRAIN, vars, null));

                List<Operand<T>> xs = new ArrayList<>();
                xs.add(features);
                if (weights != null) {
                    xs.add(weights);
                }
                if (bias != null) {
                    xs.add(bias);
                }
                if (view2 != null) {
                    xs.add(view2);
                }
                Output<?>[] xo = xs.stream().map(Operand::asOutput).toArray(Output[]::new);
                Output<?>[] grads = g.addGradients(out.loss().asOutput(), xo);

                vars.initialize(s);
                Session.Runner r = s.runner();
                feedMap.forEach(r::feed);
                r.fetch(out.loss());
                for (Output<?> gr : grads) {
                    r.fetch(gr);
                }
                if (out.scores() != null) {
                    r.fetch(out.scores());
                }
                List<String> diagNames = new ArrayList<>(out.diagnostics().keySet());
                for (String n : diagNames) {
                    r.fetch(tf.dtypes.cast(out.diagnostics().get(n), TFloat64.class));
                }
                try (Result res = r.run()) {
                    int k = 0;
                    double value = matrix(res.get(k++))[0][0];
                    double[][] gf = matrix(res.get(k++));
                    double[][] gw = weights == null ? null : matrix(res.get(k++));
                    double[] gb = bias == null ? null : matrix(res.get(k++))[0];
                    double[][] gv = view2 == null ? null : matrix(res.get(k++));
                    double[][] scores = out.scores() == null ? null : matrix(res.get(k++));
                    Map<String, Double> diags = new LinkedHashMap<>();
                    for (String n : diagNames) {
                        diags.put(n, matrix(res.get(k++))[0][0]);
                    }
                    return new ProbeResult(value, gf, gw, gb, gv, scores, diags);
                }
            } finally {
                feeds.forEach(Tensor::close);
            }
        }
    }

    private static <T extends TFloating> Placeholder<T> placeholder(
            Ops tf, Class<T> type, double[][] data, Map<Placeholder<?>, Tensor> feeds) {
        int rows = data.length;
        int cols = rows == 0 ? 0 : data[0].length;
        for (double[] row : data) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged array: rows of length " + cols + " and " + row.length);
            }
        }
        Placeholder<T> p = tf.placeholder(type, Placeholder.shape(Shape.of(rows, cols)));
        Tensor t;
        if (type == TFloat64.class) {
            TFloat64 d = TFloat64.tensorOf(Shape.of(rows, cols));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d.setDouble(data[i][j], i, j);
                }
            }
            t = d;
        } else {
            TFloat32 f = TFloat32.tensorOf(Shape.of(rows, cols));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    f.setFloat((float) data[i][j], i, j);
                }
            }
            t = f;
        }
        feeds.put(p, t);
        return p;
    }

    /** Any numeric tensor of rank ≤ 2 as a double matrix (a scalar is 1×1, a vector is 1×n). */
    static double[][] matrix(Tensor t) {
        Shape s = t.shape();
        int rows = s.numDimensions() == 2 ? (int) s.get(0) : 1;
        int cols = s.numDimensions() == 0 ? 1 : (int) s.get(s.numDimensions() - 1);
        double[][] out = new double[rows][cols];
        if (t instanceof TFloat64 d) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i][j] = s.numDimensions() == 2 ? d.getDouble(i, j) : s.numDimensions() == 1 ? d.getDouble(j) : d.getDouble();
                }
            }
        } else if (t instanceof TFloat32 f) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i][j] = s.numDimensions() == 2 ? f.getFloat(i, j) : s.numDimensions() == 1 ? f.getFloat(j) : f.getFloat();
                }
            }
        } else {
            throw new IllegalArgumentException("unsupported tensor type " + t.dataType());
        }
        return out;
    }

}
