package ncdesign.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import ncdesign.api.Mode;
import ncdesign.api.loss.BatchGather;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Cross-replica negatives on TensorFlow's collectives, two workers in this JVM (two in-process servers on loopback):
 * the mean of the workers' losses with {@code --global-negatives} equals the one-worker loss on the concatenated
 * batch, and each worker's gradient is that of its own loss with the other workers' rows held constant.
 */
class GlobalNegativesTest {
    static final int WORKERS = 2;
    static final int M = 6;   // rows per worker
    static final int D = 5;
    static final int K = 3;
    static final int B = WORKERS * M;

    static List<Replicas> replicas = new ArrayList<>();
    static ExecutorService pool;

    @BeforeAll
    static void startWorkers() throws Exception {
        List<String> addrs = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                addrs.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        for (int i = 0; i < WORKERS; i++) {
            replicas.add(Replicas.start(new ClusterSpec(addrs, i), 1, true, 0));
        }
        pool = Executors.newFixedThreadPool(WORKERS);
    }

    @AfterAll
    static void stop() {
        replicas.forEach(Replicas::close);
        pool.shutdownNow();
    }

    static Loss loss(String name) {
        LossProvider p = ServiceLoader.load(LossProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return p.create(Params.defaults("loss " + name, p.parameters()));
    }

    /** Loss and gradient with respect to the first view of {@code rows} of the data. */
    record Value(double loss, float[] grad) {
    }

    /** Everything a worker (or the single reference) feeds: features of both views, labels, classifier weights. */
    record Data(float[] f1, float[] f2, int[] y, float[] w) {
        float[] rows(float[] f, int from, int n) {
            float[] out = new float[n * D];
            System.arraycopy(f, from * D, out, 0, n * D);
            return out;
        }

        int[] labels(int from, int n) {
            int[] out = new int[n];
            System.arraycopy(y, from, out, 0, n);
            return out;
        }
    }

    static Data data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f1 = new float[B * D];
        float[] f2 = new float[B * D];
        float[] w = new float[K * D];
        for (int i = 0; i < f1.length; i++) {
            f1[i] = (float) r.nextGaussian();
            f2[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        int[] y = new int[B];
        for (int i = 0; i < B; i++) {
            y[i] = i % K;
        }
        for (int i = B - 1; i > 0; i--) { // shuffle, so the shards hold different class mixes
            int j = r.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return new Data(f1, f2, y, w);
    }

    /**
     * Builds the loss on rows [from, from+n) as anchors with {@code gather}, runs it in {@code session} (opened on
     * the graph by {@code open}), and returns the loss (all-reduced over workers when {@code r} is given).
     */
    static Value run(String lossName, Data d, int from, int n, java.util.function.Function<Ops, BatchGather> gather, Replicas r)
            throws Exception {
        Loss loss = loss(lossName);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> f1 = tf.placeholder(TFloat32.class);
            Operand<TFloat32> f1r = tf.reshape(f1, tf.constant(new int[] {n, D}));
            Operand<TFloat32> f2 = tf.constant(org.tensorflow.ndarray.Shape.of(n, D), DataBuffers.of(d.rows(d.f2(), from, n)));
            Operand<TInt32> y = tf.constant(d.labels(from, n));
            boolean classifier = loss.needs().classifier() != ClassifierKind.NONE;
            Operand<TFloat32> w = classifier ? tf.constant(org.tensorflow.ndarray.Shape.of(K, D), DataBuffers.of(d.w())) : null;
            Operand<TFloat32> l = loss.build(tf, new LossInputs<>(TFloat32.class, f1r, y, K, w, null,
                    loss.needs().views() == 2 ? f2 : null, Mode.TRAIN, null, gather.apply(tf))).loss();
            Operand<TFloat32> grad = tf.gradients(l, List.of(f1)).dy(0);
            Operand<TFloat32> reported = r == null ? l : r.allReduce(tf, List.of(l), List.of()).get(0);
            Session s = r == null ? new Session(g) : r.openSession(g);
            try (s; TFloat32 x = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(n * D), DataBuffers.of(d.rows(d.f1(), from, n)));
                 Result res = s.runner().feed(f1, x).fetch(reported).fetch(grad).run()) {
                float[] gv = new float[n * D];
                ((TFloat32) res.get(1)).copyTo(DataBuffers.of(gv, false, false));
                return new Value(((TFloat32) res.get(0)).getFloat(), gv);
            }
        }
    }

    /** The reference for worker {@code w}'s gradient: its rows first, the other rows as constants (no collectives). */
    static BatchGather constantOthers(Data d, int w, Ops tf0) {
        return new BatchGather() {
            @Override
            @SuppressWarnings("unchecked")
            public <U extends TType> Operand<U> gather(Ops tf, Operand<U> local) {
                // The losses gather [U; V] (both views) or U, and labels; rebuild the same rows for the other workers.
                List<Operand<U>> parts = new ArrayList<>();
                parts.add(local);
                for (int o = 0; o < WORKERS; o++) {
                    if (o == w) {
                        continue;
                    }
                    parts.add((Operand<U>) other(tf, local, d, o));
                }
                return tf.concat(parts, tf.constant(0));
            }
        };
    }

    private static Operand<?> other(Ops tf, Operand<?> local, Data d, int o) {
        long rows = local.shape().get(0);
        if (local.type() == TInt32.class) {
            int[] y = d.labels(o * M, M);
            if (rows == 2 * M) {
                int[] yy = new int[2 * M];
                System.arraycopy(y, 0, yy, 0, M);
                System.arraycopy(y, 0, yy, M, M);
                y = yy;
            }
            return tf.constant(y);
        }
        // Features arrive L2-normalised by the loss; normalise the other worker's rows the same way.
        Operand<TFloat32> f = tf.constant(org.tensorflow.ndarray.Shape.of(M, D), DataBuffers.of(d.rows(d.f1(), o * M, M)));
        if (rows == 2 * M) {
            Operand<TFloat32> f2 = tf.constant(org.tensorflow.ndarray.Shape.of(M, D), DataBuffers.of(d.rows(d.f2(), o * M, M)));
            f = tf.concat(List.of(f, f2), tf.constant(0));
        }
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.maximum(
                tf.reduceSum(tf.math.square(f), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true)), tf.constant(1e-24f)));
        return tf.math.div(f, norm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ntce", "nonl", "scl", "prototype"})
    void twoWorkersWithGlobalNegativesComputeTheOneWorkerLossOnTheConcatenatedBatch(String lossName) throws Exception {
        Data d = data(lossName.hashCode());
        Value single = run(lossName, d, 0, B, tf -> null, null);
        Value local = run(lossName, d, 0, M, tf -> null, null); // worker 0's shard alone: other negatives
        List<Future<Value>> fs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int ww = w;
            fs.add(pool.submit(() -> run(lossName, d, ww * M, M, tf -> replicas.get(ww).gather(), replicas.get(ww))));
        }
        List<Value> dist = new ArrayList<>();
        for (Future<Value> f : fs) {
            dist.add(f.get(60, TimeUnit.SECONDS));
        }
        System.out.printf(java.util.Locale.ROOT, "%s: one worker on the global batch %.8f; 2 workers, global negatives %.8f / %.8f;"
                + " worker 0 with local negatives only %.8f%n", lossName, single.loss(), dist.get(0).loss(), dist.get(1).loss(), local.loss());
        for (Value v : dist) {
            assertThat(v.loss()).as(lossName + ": worker loss (all-reduced) vs one worker on the global batch")
                    .isCloseTo(single.loss(), within(1e-5));
        }
        assertThat(Math.abs(local.loss() - single.loss())).as("the global batch really changes the loss").isGreaterThan(1e-3);
        // Gradient semantics: each worker's gradient is that of its own loss with the other rows constant.
        for (int w = 0; w < WORKERS; w++) {
            int ww = w;
            Value ref = run(lossName, d, w * M, M, tf -> constantOthers(d, ww, tf), null);
            assertThat(dist.get(w).grad()).as(lossName + ": gradient of worker " + w)
                    .containsExactly(ref.grad(), within(1e-5f));
            boolean nonZero = false;
            for (float x : ref.grad()) {
                nonZero |= Math.abs(x) > 1e-6;
            }
            assertThat(nonZero).isTrue();
        }
    }
}
