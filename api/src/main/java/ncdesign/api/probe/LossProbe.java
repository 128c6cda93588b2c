package ncdesign.api.probe;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.annotation.Stable;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.UserException;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Evaluates a {@link Loss} on plain arrays and returns its value, the gradients with respect to every input, its
 * class scores and its diagnostics, in float32 (as training does) or float64 (for finite-difference checks), in
 * training or inference {@link Mode}.
 *
 * <p>This is the public way for tests, notebooks and third-party plugin authors to run a loss without the
 * runtime. The inputs are checked against what the loss declares in {@link Loss#needs()} before anything is built:
 * a missing input, and an input the loss does not use (classifier weights for a loss without a classifier, a bias
 * for one without {@code LEARNED_WITH_BIAS}, a second view for a one-view loss), fail in one line naming the input
 * and the loss. Each {@code evaluate} call builds a private graph and session and closes them before returning;
 * for repeated calls on inputs of one shape (finite differences), {@link #evaluator} builds them once.
 *
 * <pre>{@code
 * Loss nonl = LossProbe.create("nonl", Map.of("tau", 0.2));           // any LossProvider ServiceLoader finds
 * ProbeResult r = LossProbe.evaluate(nonl, ProbeInputs.of(features, labels, k, weights));
 * try (LossEvaluator e = LossProbe.evaluator(nonl, in)) {             // one graph for every call
 *     double up = e.evaluate(in.withFeatures(plus)).value();
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class LossProbe {

    /** Floating precision of the evaluation. */
    @Stable(since = "0.1")
    public enum Precision {
        FLOAT32(TFloat32.class),
        FLOAT64(TFloat64.class);

        final Class<? extends TFloating> type;

        Precision(Class<? extends TFloating> type) {
            this.type = type;
        }
    }

    private static final int MAX_PROVIDERS = 10_000;

    private LossProbe() {
    }

    /** Evaluates in float64, in training mode. */
    public static ProbeResult evaluate(Loss loss, ProbeInputs in) {
        return evaluate(loss, in, Precision.FLOAT64);
    }

    /** Evaluates in the given precision, in training mode. */
    public static ProbeResult evaluate(Loss loss, ProbeInputs in, Precision precision) {
        return evaluate(loss, in, precision, Mode.TRAIN);
    }

    /**
     * Evaluates in the given precision and mode: {@link Mode#INFER} is the branch the runtime evaluates and exports
     * (running statistics instead of batch statistics, e.g. ETF+DR's BatchNorm).
     *
     * @since 0.1
     */
    public static ProbeResult evaluate(Loss loss, ProbeInputs in, Precision precision, Mode mode) {
        try (LossEvaluator e = evaluator(loss, in, precision, mode)) {
            return e.evaluate(in);
        }
    }

    /**
     * A reusable evaluator in float64 and training mode for inputs shaped like {@code like}; see
     * {@link #evaluator(Loss, ProbeInputs, Precision, Mode)}.
     *
     * @since 0.1
     */
    public static LossEvaluator evaluator(Loss loss, ProbeInputs like) {
        return evaluator(loss, like, Precision.FLOAT64, Mode.TRAIN);
    }

    /**
     * Builds the loss's graph and a session once, for any number of {@link LossEvaluator#evaluate} calls on inputs
     * of the shapes of {@code like} (same rows, columns, classes and present inputs; the values and labels may
     * change). Close it when done.
     *
     * @throws PluginException when the inputs do not fit the loss's {@link Loss#needs()}, or the loss returns a
     *                         non-scalar value or scores that are not [M, K]
     * @since 0.1
     */
    public static LossEvaluator evaluator(Loss loss, ProbeInputs like, Precision precision, Mode mode) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(like, "inputs");
        return LossEvaluator.open(loss, describe(loss), like, Objects.requireNonNull(precision, "precision").type,
                Objects.requireNonNull(mode, "mode"));
    }

    /**
     * Creates the loss that the {@link LossProvider} named {@code name} makes from {@code params}, as the runtime
     * would: the provider is found with {@link ServiceLoader} (the class path, or the module graph of the caller),
     * the parameters are validated against its declarations and completed with their defaults.
     *
     * @param params parameter values by name (numbers, booleans, strings, lists, or their text); missing ones take
     *               their defaults
     * @throws ConfigException when no provider has that name (the known ones are listed) or a parameter is unknown,
     *                         of the wrong type or out of range
     * @throws PluginException when two providers have that name, or the provider fails
     * @since 0.1
     */
    public static Loss create(String name, Map<String, ?> params) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
        TreeSet<String> known = new TreeSet<>();
        List<String> skipped = new ArrayList<>();
        List<LossProvider> matches = new ArrayList<>();
        Iterator<LossProvider> it = ServiceLoader.load(LossProvider.class).iterator();
        for (int n = 0; n < MAX_PROVIDERS; n++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                LossProvider p = it.next();
                String pn = p.name();
                known.add(pn);
                if (name.equals(pn)) {
                    matches.add(p);
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                skipped.add(oneLine(e));
            }
        }
        if (matches.isEmpty()) {
            throw new ConfigException("unknown loss '" + name + "'; known: " + (known.isEmpty() ? "(none)" : String.join(", ", known))
                    + (skipped.isEmpty() ? "" : "; skipped providers that failed to load: " + String.join("; ", skipped)));
        }
        if (matches.size() > 1) {
            throw new PluginException("loss '" + name + "' is provided twice: by " + where(matches.get(0)) + " and by "
                    + where(matches.get(1)));
        }
        LossProvider p = matches.get(0);
        Params resolved = Params.resolve("loss '" + name + "'", p.parameters(), params);
        Loss loss;
        try {
            loss = p.create(resolved);
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw PluginException.of(PluginKind.LOSS, name, p.getClass().getModule().getName(), "failed: " + oneLine(e), e);
        }
        if (loss == null) {
            throw PluginException.of(PluginKind.LOSS, name, p.getClass().getModule().getName(), "created no loss (null)", null);
        }
        return new NamedLoss(name, loss);
    }

    private static String where(LossProvider p) {
        String module = p.getClass().getModule().getName();
        return p.getClass().getName() + (module == null ? " (class path)" : " (module " + module + ")");
    }

    private static String oneLine(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '));
    }

    /** {@code loss 'name'} for a loss from {@link #create}, else {@code loss ClassName}. */
    static String describe(Loss loss) {
        if (loss instanceof NamedLoss n) {
            return n.toString();
        }
        String simple = loss.getClass().getSimpleName();
        return "loss " + (simple.isEmpty() ? loss.getClass().getName() : simple);
    }

    /**
     * Checks the inputs against each other and against what the loss declares it needs: every needed input present
     * and of its shape, and no input the loss does not use.
     */
    static void validate(Loss loss, String who, ProbeInputs in) {
        int m = in.features().length;
        ProbeTensors.shapeOf("features", in.features());
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
        if (needs == null) {
            throw new PluginException(who + " returned no needs() (null)");
        }
        if (needs.classifier().hasWeights()) {
            if (in.weights() == null) {
                throw new PluginException(who + " needs classifier weights (" + needs.classifier() + ") but none were given");
            }
            if (in.weights().length != in.numClasses() || (in.weights().length > 0 && in.weights()[0].length != d)) {
                throw new PluginException("weights must be K x d = " + in.numClasses() + "x" + d + ", got " + in.weights().length
                        + "x" + (in.weights().length == 0 ? 0 : in.weights()[0].length));
            }
            ProbeTensors.shapeOf("weights", in.weights());
        } else if (in.weights() != null) {
            throw new PluginException("classifier weights were given but " + who + " does not use them (its needs() declare classifier "
                    + needs.classifier() + "); pass null weights");
        }
        if (needs.classifier().hasBias()) {
            if (in.bias() == null || in.bias().length != in.numClasses()) {
                throw new PluginException(who + " needs a bias of length K = " + in.numClasses()
                        + (in.bias() == null ? " but none was given" : ", got " + in.bias().length));
            }
        } else if (in.bias() != null) {
            throw new PluginException("a bias was given but " + who + " does not use one (its needs() declare classifier "
                    + needs.classifier() + "; only LEARNED_WITH_BIAS takes a bias); pass a null bias");
        }
        if (needs.views() == 2) {
            if (in.secondView() == null) {
                throw new PluginException(who + " needs a second augmented view but none was given");
            }
            if (in.secondView().length != m || (m > 0 && in.secondView()[0].length != d)) {
                throw new PluginException("the second view must have the features' shape " + m + "x" + d);
            }
            ProbeTensors.shapeOf("second view", in.secondView());
        } else if (in.secondView() != null) {
            throw new PluginException("a second view was given but " + who + " uses one view (its needs() declare views = 1);"
                    + " pass a null second view");
        }
    }
}
