package ncdesign.api.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.annotation.Stable;
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
 * A minimal {@link VariableStore} over one graph, for tests of plugins outside the runtime ({@link LossProbe} uses
 * it; backbone authors can build a forward pass with it). Variables are created in the graph and initialised by
 * {@link #initialize(Session)}; train-step updates are collected in {@link #trainUpdates()}.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class GraphVariables implements VariableStore {
    private final Ops tf;
    private final String prefix;
    private final Map<String, Variable<TFloat32>> vars;
    private final List<Op> inits;
    private final List<Op> updates;
    private final java.util.Set<String> trainable;

    public GraphVariables(Ops tf, String prefix) {
        this(tf, prefix, new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new java.util.LinkedHashSet<>());
    }

    private GraphVariables(Ops tf, String prefix, Map<String, Variable<TFloat32>> vars, List<Op> inits, List<Op> updates,
                           java.util.Set<String> trainable) {
        this.tf = tf;
        this.prefix = prefix;
        this.vars = vars;
        this.inits = inits;
        this.updates = updates;
        this.trainable = trainable;
    }

    private Variable<TFloat32> get(String name, Shape shape, Initializer init) {
        String full = prefix + "/" + name;
        return vars.computeIfAbsent(full, n -> {
            Variable<TFloat32> v = tf.withName(n.replace('/', '_')).variable(shape, TFloat32.class);
            inits.add(tf.assign(v, init.init(tf, shape, n.hashCode())));
            return v;
        });
    }

    @Override
    public Operand<TFloat32> trainable(String name, Shape shape, Initializer init) {
        Variable<TFloat32> v = get(name, shape, init);
        trainable.add(prefix + "/" + name);
        return tf.identity(v);
    }

    @Override
    public StateVariable state(String name, Shape shape, Initializer init) {
        Variable<TFloat32> v = get(name, shape, init);
        return new StateVariable() {
            @Override
            public Operand<TFloat32> value() {
                return tf.identity(v);
            }

            @Override
            public Op assign(Ops ops, Operand<TFloat32> newValue) {
                return ops.assign(v, newValue);
            }
        };
    }

    @Override
    public void onTrainStep(Op update) {
        updates.add(update);
    }

    /** Number of scalar parameters in the trainable variables (running statistics excluded). */
    public long trainableParameters() {
        return trainable.stream().mapToLong(n -> vars.get(n).shape().size()).sum();
    }

    /** Ops registered with {@link #onTrainStep}. */
    public List<Op> trainUpdates() {
        return List.copyOf(updates);
    }

    @Override
    public VariableStore scoped(String scope) {
        return new GraphVariables(tf, prefix + "/" + scope, vars, inits, updates, trainable);
    }

    /** Runs every initialiser. */
    public void initialize(Session s) {
        for (Op op : inits) {
            s.run(op);
        }
    }
}
