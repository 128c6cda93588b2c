package ncdesign.core.dist;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import ncdesign.api.error.ConfigException;
import ncdesign.api.loss.BatchGather;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * This process's place in a synchronous data-parallel job on TensorFlow's own distributed runtime: an in-process
 * {@link Server} for the worker's task of job {@code worker}, a session on that server (a gRPC session whose
 * collectives reach the other workers), and the collective ops the training graph uses:
 * <ul>
 *   <li>{@link #allReduce}: one {@code CollectiveReduceV2} per step over every gradient (flattened and concatenated),
 *       the loss and the step's counters, so all workers apply the same mean gradient;</li>
 *   <li>{@link #gather()}: {@code CollectiveGatherV2} of features and labels for cross-replica negatives, this
 *       worker's rows first; only those rows carry gradients (the other workers' rows enter as constants);</li>
 *   <li>{@link #exchange}: an all-gather of two 64-bit values per worker (hashes of the weights and of the training
 *       configuration; also the start and end barriers).</li>
 * </ul>
 * Collective ops are keyed by group (1: all workers) and instance keys handed out in graph-construction order, which
 * is the same on every worker because every worker builds the same graph. A {@link PeerMonitor} stops the process
 * with a clear message when another worker disappears or a step waits too long.
 */
public final class Replicas implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Replicas.class);
    private static final int GROUP_KEY = 1;
    /** Exit status of a worker stopped because another worker failed. */
    public static final int EXIT_PEER_FAILED = 3;

    private final ClusterSpec cluster;
    private final boolean globalNegatives;
    private final ConfigProto sessionConfig;
    private final Server server;
    private final PeerMonitor monitor;
    private int nextInstanceKey = 1;

    private Placeholder<TInt64> exchangeIn;
    private Operand<TInt64> exchangeOut;

    private Replicas(ClusterSpec cluster, boolean globalNegatives, ConfigProto sessionConfig, Server server, int timeoutSeconds) {
        this.cluster = cluster;
        this.globalNegatives = globalNegatives;
        this.sessionConfig = sessionConfig;
        this.server = server;
        this.monitor = new PeerMonitor(cluster, timeoutSeconds);
    }

    /**
     * Starts this worker's TensorFlow server on its port of the cluster.
     *
     * @param threads         TensorFlow intra-op threads
     * @param globalNegatives whether {@link #gather()} gathers across workers (else it is the identity)
     * @param timeoutSeconds  longest a step may wait for the other workers before the job is stopped (0 = no limit)
     */
    public static Replicas start(ClusterSpec cluster, int threads, boolean globalNegatives, int timeoutSeconds) {
        registerGatherGradient();
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(Math.min(2, threads))
                // Only this task's devices: no op is placed on another worker, and a session never waits for them.
                .addDeviceFilters("/job:worker/task:" + cluster.task())
                .setExperimental(ConfigProto.Experimental.newBuilder()
                        .setCollectiveGroupLeader("/job:worker/replica:0/task:0"))
                .build();
        JobDef.Builder job = JobDef.newBuilder().setName("worker");
        for (int i = 0; i < cluster.size(); i++) {
            job.putTasks(i, cluster.workers().get(i));
        }
        ServerDef def = ServerDef.newBuilder()
                .setCluster(ClusterDef.newBuilder().addJob(job))
                .setJobName("worker").setTaskIndex(cluster.task()).setProtocol("grpc")
                .setDefaultSessionConfig(config)
                .build();
        Server server;
        try {
            server = new Server(def);
            server.start();
        } catch (RuntimeException e) {
            throw new ConfigException("worker " + cluster.task() + " could not start its TensorFlow server on " + cluster.address()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; is the port free and the address this machine's?");
        }
        LOG.info("worker {} of {}: TensorFlow server on {}{}", cluster.task(), cluster.size(), cluster.address(),
                globalNegatives ? ", global negatives" : "");
        return new Replicas(cluster, globalNegatives, config, server, timeoutSeconds);
    }

    /** The cluster. */
    public ClusterSpec cluster() {
        return cluster;
    }

    /** Number of workers. */
    public int size() {
        return cluster.size();
    }

    /** This worker's index. */
    public int task() {
        return cluster.task();
    }

    /** Whether this is worker 0. */
    public boolean chief() {
        return cluster.chief();
    }

    /** Whether losses see the global batch as negatives. */
    public boolean globalNegatives() {
        return globalNegatives;
    }

    /** The failure detector of this worker. */
    public PeerMonitor monitor() {
        return monitor;
    }

    /**
     * Opens a session on this worker's server for {@code graph}. TensorFlow Java has no public constructor for a
     * session with a target, so the native session is made through the C API and wrapped in {@link Session} by
     * reflection; that needs {@code --add-opens tensorflow/org.tensorflow=ncdesign.core} (the {@code ncd} script
     * passes it). Variables are not initialised.
     */
    public Session openSession(Graph graph) {
        return openSession(graph, ConfigProto.getDefaultInstance());
    }

    /**
     * As {@link #openSession(Graph)}, with the run's device, precision and XLA settings ({@code run}) merged under
     * this worker's cluster settings.
     */
    public Session openSession(Graph graph, ConfigProto run) {
        ConfigProto sessionConfig = run.toBuilder().mergeFrom(this.sessionConfig).build();
        TF_Graph handle;
        Constructor<Session> ctor;
        try {
            Field f = Graph.class.getDeclaredField("nativeHandle");
            f.setAccessible(true);
            handle = (TF_Graph) f.get(graph);
            ctor = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
            ctor.setAccessible(true);
        } catch (InaccessibleObjectException | ReflectiveOperationException e) {
            throw new ConfigException("distributed training needs the JVM option --add-opens=tensorflow/org.tensorflow=ncdesign.core"
                    + " (the ncd script passes it; add it to your java command line)");
        }
        TF_Status status = TF_Status.newStatus();
        TF_SessionOptions opts = TF_NewSessionOptions();
        try {
            TF_SetTarget(opts, "grpc://" + cluster.address());
            byte[] cfg = sessionConfig.toByteArray();
            try (BytePointer p = new BytePointer(cfg)) {
                TF_SetConfig(opts, p, cfg.length, status);
                status.throwExceptionIfNotOK();
            }
            TF_Session s = TF_NewSession(handle, opts, status);
            status.throwExceptionIfNotOK();
            return ctor.newInstance(graph, s);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot wrap the native session", e);
        } finally {
            TF_DeleteSessionOptions(opts);
            status.delete();
        }
    }

    /**
     * Sums {@code sum} and averages {@code mean} over all workers in one collective; returns the reduced tensors in
     * the order of {@code mean} then {@code sum}, with their shapes. Every worker must build the same call.
     */
    public List<Operand<TFloat32>> allReduce(Ops tf, List<Operand<TFloat32>> mean, List<Operand<TFloat32>> sum) {
        List<Operand<TFloat32>> all = new ArrayList<>(mean);
        all.addAll(sum);
        Ops r = tf.withSubScope("all_reduce");
        List<Operand<TFloat32>> flat = new ArrayList<>();
        List<Operand<TInt32>> sizes = new ArrayList<>();
        for (Operand<TFloat32> t : all) {
            flat.add(r.reshape(t, r.constant(new int[] {-1})));
            sizes.add(r.reshape(r.size(t, TInt32.class), r.constant(new int[] {1})));
        }
        Operand<TFloat32> packed = flat.size() == 1 ? flat.get(0) : r.concat(flat, r.constant(0));
        Output<TFloat32> summed = r.scope().env().opBuilder("CollectiveReduceV2", r.scope().makeOpName("CollectiveReduceV2"), r.scope())
                .addInput(packed.asOutput())
                .addInput(r.constant(cluster.size()).asOutput())
                .addInput(r.constant(GROUP_KEY).asOutput())
                .addInput(r.constant(nextInstanceKey++).asOutput())
                .addInputList(new Output<?>[0])
                .setAttr("merge_op", "Add")
                .setAttr("final_op", "Id")
                .build().output(0);
        List<Output<TFloat32>> parts = all.size() == 1 ? List.of(summed)
                : r.splitV(summed, r.concat(sizes, r.constant(0)), r.constant(0), (long) all.size()).output();
        Operand<TFloat32> inv = r.constant(1f / cluster.size());
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Operand<TFloat32> v = r.reshape(parts.get(i), r.shape(all.get(i)));
            out.add(i < mean.size() ? r.math.mul(v, inv) : v);
        }
        return out;
    }

    /**
     * The cross-replica gather for {@link ncdesign.api.loss.LossInputs}: with global negatives, every worker's rows
     * along axis 0, this worker's own (differentiable) rows first and then the others' in task order (as constants:
     * no gradient flows to another worker's samples); without, the identity.
     */
    public BatchGather gather() {
        if (!globalNegatives || cluster.size() == 1) {
            return BatchGather.local();
        }
        return new BatchGather() {
            @Override
            public <U extends TType> Operand<U> gather(Ops tf, Operand<U> local) {
                return allGather(tf.withSubScope("all_gather"), local);
            }
        };
    }

    private <U extends TType> Operand<U> allGather(Ops tf, Operand<U> local) {
        int n = cluster.size();
        Operand<U> constant = tf.stopGradient(local);
        Output<U> all = tf.scope().env().opBuilder("CollectiveGatherV2", tf.scope().makeOpName("CollectiveGatherV2"), tf.scope())
                .addInput(constant.asOutput())
                .addInput(tf.constant(n).asOutput())
                .addInput(tf.constant(GROUP_KEY).asOutput())
                .addInput(tf.constant(nextInstanceKey++).asOutput())
                .addInputList(new Output<?>[0])
                .build().output(0);
        // Split into the workers' blocks (equal local batches) and put this worker's live rows first.
        Operand<TInt32> m = tf.reshape(tf.shape.size(local, tf.constant(0)), tf.constant(new int[0]));
        Operand<TInt32> sizes = tf.fill(tf.constant(new int[] {n}), m);
        List<Output<U>> blocks = tf.splitV(all, sizes, tf.constant(0), (long) n).output();
        List<Operand<U>> parts = new ArrayList<>();
        parts.add(local);
        for (int i = 0; i < n; i++) {
            if (i != cluster.task()) {
                parts.add(blocks.get(i));
            }
        }
        return tf.concat(parts, tf.constant(0));
    }

    /** Adds the value exchange ({@link #exchange}) to the graph; call while building it, on every worker. */
    public void prepareExchange(Ops tf) {
        Ops x = tf.withSubScope("exchange");
        exchangeIn = x.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        exchangeOut = x.scope().env().opBuilder("CollectiveGatherV2", x.scope().makeOpName("CollectiveGatherV2"), x.scope())
                .addInput(exchangeIn.asOutput())
                .addInput(x.constant(cluster.size()).asOutput())
                .addInput(x.constant(GROUP_KEY).asOutput())
                .addInput(x.constant(nextInstanceKey++).asOutput())
                .addInputList(new Output<?>[0])
                .build().<TInt64>output(0);
    }

    /**
     * Every worker's pair of values, in task order ({@code [a0, b0, a1, b1, ...]}); returns when all workers have
     * called it (a barrier).
     */
    public long[] exchange(Session session, long a, long b) {
        if (exchangeIn == null) {
            throw new IllegalStateException("prepareExchange was not called while building the graph");
        }
        try (TInt64 v = TInt64.vectorOf(a, b); Result r = session.runner().feed(exchangeIn, v).fetch(exchangeOut).run()) {
            TInt64 t = (TInt64) r.get(0);
            long[] out = new long[(int) t.shape().get(0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getLong(i);
            }
            return out;
        }
    }

    /** Stops this worker at once (exit status {@value #EXIT_PEER_FAILED}) with a one-line error and how to resume. */
    public void fail(String message) {
        monitor.fail(message);
    }

    /** The same for workers that disagree (configuration, checkpoint): no resume hint, since resuming would not help. */
    public void failMismatch(String message) {
        monitor.fail(message, false);
    }

    /**
     * The C++ gradient registry has no gradient for CollectiveGatherV2; the gathered rows are constants for the
     * gradient (the input is a StopGradient), so a zero gradient is registered once per process.
     */
    private static synchronized void registerGatherGradient() {
        if (gradientRegistered) {
            return;
        }
        TensorFlow.registerCustomGradient("CollectiveGatherV2", (tf, op, grads) -> {
            List<Operand<?>> out = new ArrayList<>();
            for (int i = 0; i < op.numInputs(); i++) {
                out.add(tf.zerosLike(op.input(i)));
            }
            return out;
        });
        gradientRegistered = true;
    }

    private static boolean gradientRegistered;

    /**
     * Releases this worker. TensorFlow cannot stop a server cleanly ("Clean shutdown is not currently implemented"),
     * so the server lives until the process exits.
     */
    @Override
    public void close() {
        monitor.close();
    }
}
