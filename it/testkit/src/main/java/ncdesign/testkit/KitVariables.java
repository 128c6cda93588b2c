package ncdesign.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.StateVariable;
import ncdesign.api.backbone.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The kits' {@link VariableStore}, with the rules of the runtime's: a name asked for twice is the same variable (so
 * the training and inference branches share it) and must come with the same shape; names are letters, digits and
 * {@code _ . / -}; every variable is read through one identity, which is what gradients are taken with respect to;
 * initial values are seeded by the store's seed and the variable's name, not by creation order.
 */
final class KitVariables implements VariableStore {
    /** One variable of the store. */
    record Entry(String name, boolean trainable, Shape shape, Variable<TFloat32> variable, Operand<TFloat32> read, Op init) {
    }

    private static final class Shared {
        final Ops root;
        final long seed;
        final String owner;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<Op> updates = new ArrayList<>();

        Shared(Ops root, long seed, String owner) {
            this.root = root;
            this.seed = seed;
            this.owner = owner;
        }
    }

    private final Shared shared;
    private final String prefix;

    /**
     * @param owner who asks for variables, for messages
     */
    KitVariables(Ops root, long seed, String owner) {
        this(new Shared(root, seed, owner), "");
    }

    private KitVariables(Shared shared, String prefix) {
        this.shared = shared;
        this.prefix = prefix;
    }

    private Entry entry(String name, Shape shape, Initializer init, boolean trainable) {
        String full = prefix + name;
        Entry e = shared.entries.get(full);
        if (e != null) {
            Check.that(e.shape().equals(shape), shared.owner + " asked for variable '" + full + "' with shape " + shape
                    + " but it exists with shape " + e.shape() + "; one name is one variable, shared by both branches");
            Check.that(e.trainable() == trainable, shared.owner + " asked for variable '" + full + "' both as trainable and as"
                    + " state; use one of the two");
            return e;
        }
        Check.that(full.matches("[A-Za-z0-9][A-Za-z0-9_./-]*"), shared.owner + " asked for variable '" + full + "': the"
                + " runtime accepts only names of letters, digits, '_', '.', '/' and '-' (not starting with a symbol)");
        Ops tf = shared.root;
        String op = full.replace('/', '.');
        Variable<TFloat32> v = tf.withSubScope("vars").withName(op).variable(shape, TFloat32.class);
        long seed = new SplittableRandom(shared.seed * 31 + full.hashCode()).nextLong() & Long.MAX_VALUE;
        Operand<TFloat32> value = Check.call(shared.owner + ": the initializer of variable '" + full + "' threw",
                () -> init.init(tf.withSubScope("initval"), shape, seed));
        Op initOp = tf.withSubScope("init").withName(op).assign(v, value);
        e = new Entry(full, trainable, shape, v, tf.withSubScope("read").withName(op).identity(v), initOp);
        shared.entries.put(full, e);
        return e;
    }

    @Override
    public Operand<TFloat32> trainable(String name, Shape shape, Initializer init) {
        return entry(name, shape, init, true).read();
    }

    @Override
    public StateVariable state(String name, Shape shape, Initializer init) {
        Entry e = entry(name, shape, init, false);
        return new StateVariable() {
            @Override
            public Operand<TFloat32> value() {
                return e.read();
            }

            @Override
            public Op assign(Ops tf, Operand<TFloat32> newValue) {
                return tf.assign(e.variable(), newValue);
            }
        };
    }

    @Override
    public void onTrainStep(Op update) {
        shared.updates.add(update);
    }

    @Override
    public VariableStore scoped(String scope) {
        return new KitVariables(shared, prefix + scope + "/");
    }

    /** Every variable asked for so far, in creation order. */
    List<Entry> entries() {
        return List.copyOf(shared.entries.values());
    }

    /** The ops registered with {@link #onTrainStep}. */
    List<Op> updates() {
        return List.copyOf(shared.updates);
    }

    /** Runs every initialiser, in one session call (a ResNet has hundreds). */
    void initialize(Session s) {
        Session.Runner r = s.runner();
        shared.entries.values().forEach(e -> r.addTarget(e.init()));
        if (!shared.entries.isEmpty()) {
            r.run().close();
        }
    }
}
