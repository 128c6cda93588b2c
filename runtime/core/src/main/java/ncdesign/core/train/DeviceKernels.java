package ncdesign.core.train;

import java.util.function.Consumer;
import ncdesign.api.metric.MetricKernels;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * {@link MetricKernels} as TensorFlow graphs on a run's device ({@code cpu} or {@code gpu:N}), in float64.
 *
 * <ul>
 *   <li>Scatter: each {@link GroupScatter#add} sends its rows to the device once, grouped on the host into an
 *       a×m×d batch (a groups present, m their largest row count, zero-padded; zero rows add nothing);
 *       {@code BatchMatMulV3}(Xᵀ, X) gives the a outer-product sums and {@code ResourceScatterAdd} folds them into a
 *       g×d×d accumulator that lives on the device. {@link GroupScatter#finish} scales it and runs the batched
 *       {@code SelfAdjointEigV2} there, so only eigenvalues and one d×d total come back.</li>
 *   <li>Product: the fixed matrix is a graph constant on the device; each call is one {@code MatMul}.</li>
 * </ul>
 *
 * <p>The first run of each graph is traced; like training, a GPU computation stops when a matrix product or an
 * eigen-decomposition ran anywhere but on the GPU (no silent fall-back to the CPU), and the placement is logged.
 */
public final class DeviceKernels implements MetricKernels {
    private final String device;
    private final ConfigProto config;
    private final Consumer<Placement> placements;

    /**
     * Kernels on {@code device} ({@code cpu} or {@code gpu:N}, as {@link Devices#resolve} returns it), with
     * {@code threads} CPU threads; each traced first run is handed to {@code placements} after it is checked.
     */
    public DeviceKernels(String device, int threads, Consumer<Placement> placements) {
        this.device = device;
        this.config = Devices.sessionConfig(threads, device, "fp32", false);
        this.placements = placements;
    }


    @Override
    public String device() {
        return device;
    }

    /**
     * Groups that fit in half the device's memory (a GPU's as TensorFlow reports it; on the CPU a quarter of the JVM's
     * maximum heap, as the Java kernels use), each needing about three d×d float64 matrices at once: the accumulator,
     * its scaled copy and the eigen-solver's workspace.
     */
    @Override
    public int maxGroups(int dim) {
        long budget = device.startsWith("gpu") ? gpuMemory() / 2 : Runtime.getRuntime().maxMemory() / 4;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / (3L * dim * dim * Double.BYTES)));
    }

    private long gpuMemory() {
        int index = Integer.parseInt(device.substring(4));
        return Devices.visible().stream().filter(d -> d.type().equalsIgnoreCase("GPU")).skip(index).findFirst()
                .map(Devices.Device::memoryBytes).filter(m -> m > 0).orElse(8L << 30);
    }

    @Override
    public GroupScatter scatter(int groups, int dim) {
        if (groups < 1 || dim < 1) {
            throw new IllegalArgumentException("scatter needs groups >= 1 and dim >= 1, got " + groups + ", " + dim);
        }
        return new Scatter(groups, dim);
    }

    @Override
    public Product product(double[] b, int dim, int cols) {
        if (b.length != dim * cols) {
            throw new IllegalArgumentException("product matrix has " + b.length + " values, expected " + dim + "×" + cols);
        }
        return new DeviceProduct(b, dim, cols);
    }

    /** A graph and its session; the first run is traced and its placement checked. */
    private abstract class OnDevice implements AutoCloseable {
        final Graph graph = new Graph();
        final Ops tf = Ops.create(graph);
        private Session session;
        private final java.util.Set<String> traced = new java.util.HashSet<>();

        Session session() {
            if (session == null) {
                session = new Session(graph, config);
            }
            return session;
        }

        /** Runs {@code r}, tracing its placement the first time a run of this {@code kind} is made. */
        Result run(String kind, Session.Runner r) {
            if (!traced.add(kind)) {
                return r.run();
            }
            return Placement.runTraced(r, device, p -> {
                p.check("--metrics-device " + device, "use --metrics-device java (the CPU)");
                placements.accept(p);
            });
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
            graph.close();
        }
    }

    private final class Scatter extends OnDevice implements GroupScatter {
        private final int g;
        private final int d;
        private final Placeholder<TFloat64> x;
        private final Placeholder<TInt32> index;
        private final Placeholder<TFloat64> scale;
        private final org.tensorflow.op.Op init;
        private final org.tensorflow.op.Op addOp;
        private final Operand<TFloat64> eigenvalues;
        private final Operand<TFloat64> total;
        private boolean initialised;

        Scatter(int groups, int dim) {
            g = groups;
            d = dim;
            x = tf.withName("rows").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, -1, d)));
            index = tf.withName("groups").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            scale = tf.withName("scale").placeholder(TFloat64.class, Placeholder.shape(Shape.of(g)));
            var acc = tf.withName("scatter").varHandleOp(TFloat64.class, Shape.of(g, d, d));
            init = tf.assignVariableOp(acc, tf.zeros(tf.constant(new int[] {g, d, d}), TFloat64.class));
            Operand<TFloat64> outer = tf.train.batchMatMul(x, x, TFloat64.class, BatchMatMul.adjX(true));
            addOp = tf.resourceScatterAdd(acc, index, outer);
            Operand<TFloat64> value = tf.readVariableOp(acc, TFloat64.class);
            total = tf.reduceSum(value, tf.constant(0));
            Operand<TFloat64> scaled = tf.math.mul(value, tf.reshape(scale, tf.constant(new int[] {g, 1, 1})));
            eigenvalues = tf.linalg.selfAdjointEig(scaled, SelfAdjointEig.computeV(false)).e();
        }

        @Override
        @SuppressWarnings("try") // the result is held only so that it is closed
        public void add(int[] group, double[] rows, int count) {
            int[] cnt = new int[g];
            for (int r = 0; r < count; r++) {
                if (group[r] >= g) {
                    throw new IllegalArgumentException("row " + r + " names group " + group[r] + " of " + g);
                }
                if (group[r] >= 0) {
                    cnt[group[r]]++;
                }
            }
            int[] slotOf = new int[g];
            int a = 0;
            int m = 0;
            for (int i = 0; i < g; i++) {
                slotOf[i] = cnt[i] > 0 ? a++ : -1;
                m = Math.max(m, cnt[i]);
            }
            if (a == 0) {
                return;
            }
            int[] idx = new int[a];
            for (int i = 0; i < g; i++) {
                if (slotOf[i] >= 0) {
                    idx[slotOf[i]] = i;
                }
            }
            double[] packed = new double[a * m * d];
            int[] fill = new int[a];
            for (int r = 0; r < count; r++) {
                if (group[r] >= 0) {
                    int s = slotOf[group[r]];
                    System.arraycopy(rows, r * d, packed, (s * m + fill[s]++) * d, d);
                }
            }
            ensureInitialised();
            try (TFloat64 xt = TFloat64.tensorOf(Shape.of(a, m, d), DataBuffers.of(packed, true, false));
                 TInt32 it = TInt32.vectorOf(idx);
                 Result ignored = run("add", session().runner().feed(x, xt).feed(index, it).addTarget(addOp))) {
                // the accumulator stays on the device
            }
        }

        private void ensureInitialised() {
            if (!initialised) {
                session().runner().addTarget(init).run().close();
                initialised = true;
            }
        }

        @Override
        public Spectra finish(double[] scaleValues) {
            if (scaleValues.length != g) {
                throw new IllegalArgumentException("finish needs " + g + " scales, got " + scaleValues.length);
            }
            ensureInitialised();
            double[] positive = new double[g];
            for (int i = 0; i < g; i++) {
                positive[i] = scaleValues[i] > 0 ? scaleValues[i] : 0;
            }
            try (TFloat64 st = TFloat64.vectorOf(positive);
                 Result res = run("finish", session().runner().feed(scale, st).fetch(eigenvalues).fetch(total))) {
                TFloat64 e = (TFloat64) res.get(0);
                TFloat64 t = (TFloat64) res.get(1);
                double[] ev = new double[g * d];
                e.asRawTensor().data().asDoubles().read(ev);
                double[] tv = new double[d * d];
                t.asRawTensor().data().asDoubles().read(tv);
                double[][] eig = new double[g][];
                for (int i = 0; i < g; i++) {
                    if (scaleValues[i] > 0) {
                        eig[i] = java.util.Arrays.copyOfRange(ev, i * d, (i + 1) * d);
                    }
                }
                double[][] tot = new double[d][];
                for (int i = 0; i < d; i++) {
                    tot[i] = java.util.Arrays.copyOfRange(tv, i * d, (i + 1) * d);
                }
                return new Spectra(eig, tot);
            }
        }
    }

    private final class DeviceProduct extends OnDevice implements Product {
        private final int d;
        private final int cols;
        private final Placeholder<TFloat64> rows;
        private final Operand<TFloat64> out;

        DeviceProduct(double[] b, int dim, int cols) {
            this.d = dim;
            this.cols = cols;
            rows = tf.withName("rows").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, d)));
            out = tf.linalg.matMul(rows, tf.constant(Shape.of(dim, cols), DataBuffers.of(b.clone(), true, false)));
        }

        @Override
        public double[] multiply(double[] values, int count) {
            double[] in = values.length == count * d ? values : java.util.Arrays.copyOf(values, count * d);
            try (TFloat64 xt = TFloat64.tensorOf(Shape.of(count, d), DataBuffers.of(in, true, false));
                 Result res = run("multiply", session().runner().feed(rows, xt).fetch(out))) {
                double[] o = new double[count * cols];
                ((TFloat64) res.get(0)).asRawTensor().data().asDoubles().read(o);
                return o;
            }
        }
    }
}
