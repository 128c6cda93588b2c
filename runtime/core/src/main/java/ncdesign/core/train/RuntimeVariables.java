package ncdesign.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.StateVariable;
import ncdesign.api.backbone.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The runtime's {@link VariableStore}: owns every variable of the model, so the trainer can differentiate with
 * respect to the trainable ones, add optimiser state, and checkpoint all of them. Plugins see only operands.
 */
final class RuntimeVariables implements VariableStore {

    /** What a variable is for. */
    enum Kind {
        TRAINABLE, TRAINABLE_NO_DECAY, STATE
    }

    /** One variable. {@code read} is an identity of the variable (differentiating a raw ref variable can crash TF). */
    record Entry(String name, Kind kind, Shape shape, Variable<TFloat32> variable, Operand<TFloat32> read, Op init) {
        boolean trainable() {
            return kind != Kind.STATE;
        }
    }

    private final Shared shared;
    private final String prefix;

    private static final class Shared {
        final Ops root;
        final long seed;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final List<Op> trainUpdates = new ArrayList<>();

        Shared(Ops root, long seed) {
            this.root = root;
            this.seed = seed;
        }
    }

    RuntimeVariables(Ops root, long seed) {
        this(new Shared(root, seed), "");
    }

    private RuntimeVariables(Shared shared, String prefix) {
        this.shared = shared;
        this.prefix = prefix;
    }

    private Entry entry(String name, Shape shape, Initializer init, Kind kind) {
        String full = prefix + name;
        Entry e = shared.entries.get(full);
        if (e != null) {
            if (!e.shape().equals(shape)) {
                throw new IllegalStateException("variable " + full + " requested with shape " + shape + " but exists with " + e.shape());
            }
            return e;
        }
        if (!full.matches("[A-Za-z0-9][A-Za-z0-9_./-]*")) {
            throw new IllegalArgumentException("invalid variable name '" + full + "'");
        }
        Ops tf = shared.root;
        String opName = full.replace('/', '.');
        Variable<TFloat32> v = tf.withSubScope("vars").withName(opName).variable(shape, TFloat32.class);
        Op initOp = tf.withSubScope("init").withName(opName).assign(v,
                init.init(tf.withSubScope("initval"), shape, seedOf(shared.seed, full)));
        Operand<TFloat32> read = tf.withSubScope("read").withName(opName).identity(v);
        e = new Entry(full, kind, shape, v, read, initOp);
        shared.entries.put(full, e);
        return e;
    }

    /** A seed that depends only on the run seed and the variable's name, not on creation order. */
    static long seedOf(long runSeed, String name) {
        long h = 0xcbf29ce484222325L ^ runSeed;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h & Long.MAX_VALUE;
    }

    @Override
    public Operand<TFloat32> trainable(String name, Shape shape, Initializer init) {
        return entry(name, shape, init, Kind.TRAINABLE).read();
    }

    @Override
    public Operand<TFloat32> trainableNoDecay(String name, Shape shape, Initializer init) {
        return entry(name, shape, init, Kind.TRAINABLE_NO_DECAY).read();
    }

    @Override
    public StateVariable state(String name, Shape shape, Initializer init) {
        Entry e = entry(name, shape, init, Kind.STATE);
        return new StateVariable() {
            @Override
            public Operand<TFloat32> value() {
                return e.read();
            }

            @Override
            public Op assign(Ops tf, Operand<TFloat32> newValue) {
                // A non-finite value never enters a state variable: a bad batch must not poison running statistics.
                Operand<org.tensorflow.types.TBool> finite = tf.reduceAll(tf.math.isFinite(newValue),
                        tf.range(tf.constant(0), tf.rank(newValue), tf.constant(1)));
                return tf.assign(e.variable(), tf.select(finite, newValue, e.read()));
            }
        };
    }

    @Override
    public void onTrainStep(Op update) {
        shared.trainUpdates.add(update);
    }

    @Override
    public VariableStore scoped(String scope) {
        return new RuntimeVariables(shared, prefix + scope + "/");
    }

    /** A scoped store with this class's extra methods. */
    RuntimeVariables scope(String scope) {
        return new RuntimeVariables(shared, prefix + scope + "/");
    }

    /** All variables, in creation order. */
    List<Entry> entries() {
        return List.copyOf(shared.entries.values());
    }

    List<Op> trainUpdates() {
        return Collections.unmodifiableList(shared.trainUpdates);
    }
}
