package ncdesign.experiments;

import ncdesign.api.error.ConfigException;
import ncdesign.core.train.Analysis;
import ncdesign.core.train.Devices;
import ncdesign.core.train.Resources;
import ncdesign.core.train.TrainSession;
import ncdesign.core.train.Trainer;
import ncdesign.core.train.TrainingData;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import ncdesign.core.config.TrainConfig;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;
import ncdesign.core.plugin.PluginRegistry;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@code ncd bench train}: training-step throughput with the data pipeline included, the input pipeline's own
 * throughput, and the step's achieved FLOP/s as a fraction of this machine's measured matrix-multiply FLOP/s.
 * FLOPs are counted from the training graph's static shapes (convolutions and matrix products, forward ×3 for
 * forward + backward), the usual convention.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /** Throughputs measured by one run. */
    public record Figures(double imagesPerSecond, double pipelineImagesPerSecond, double stepFlops, double peakFlops, String device,
                          String placement, double dataWaitFraction) {
        public double fractionOfPeak() {
            return stepFlops / peakFlops;
        }
    }

    public static Figures train(TrainConfig cfg, PluginRegistry reg, int warmup, int steps, PrintStream out) {
        Trainer.Plan plan = Trainer.plan(cfg, reg);
        TrainingData data = TrainingData.load(cfg, plan.twoViews());
        int batch = cfg.batch();
        double pipeline = pipeline(data, batch, Math.max(steps, 20));
        try (TrainSession s = TrainSession.open(plan, data.spec(), cfg)) {
            double flopsPerImage = 3 * forwardFlopsPerImage(s);
            int epoch = 1;
            BatchStream stream = data.trainStream(epoch, batch);
            try {
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        out.flush();
                    }
                    if (!stream.hasNext()) {
                        stream.close();
                        stream = data.trainStream(++epoch, batch);
                    }
                    if (i == warmup) {
                        long t0 = System.nanoTime();
                        long waited = 0; // time the step loop spent waiting for its next batch (prefetch not ready)
                        int images = 0;
                        for (int j = 0; j < steps; j++) {
                            if (!stream.hasNext()) {
                                stream.close();
                                stream = data.trainStream(++epoch, batch);
                            }
                            long w0 = System.nanoTime();
                            Batch b = stream.next();
                            waited += System.nanoTime() - w0;
                            s.benchStep(b);
                            images += b.size();
                        }
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double ips = images / secs;
                        double peak = matmulPeak(cfg.threads(), s.device(), cfg.precision());
                        return new Figures(ips, pipeline, ips * flopsPerImage, peak, s.device(),
                                s.placement() == null ? "" : s.placement().summary(), waited / 1e9 / secs);
                    }
                    s.benchStep(stream.next());
                }
            } finally {
                stream.close();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Images/s of augmentation + batching alone. */
    static double pipeline(TrainingData data, int batch, int batches) {
        long t0 = System.nanoTime();
        int images = 0;
        int epoch = 100;
        int done = 0;
        while (done < batches) {
            try (BatchStream st = data.trainStream(epoch++, batch)) {
                while (st.hasNext() && done < batches) {
                    images += st.next().size();
                    done++;
                }
            }
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    /** Forward FLOPs per image of the training branch: 2·MACs of every Conv2D and MatMul of the training branch's forward pass. */
    static double forwardFlopsPerImage(TrainSession s) {
        double total = 0;
        Iterator<GraphOperation> it = s.graph().operations();
        while (it.hasNext()) {
            GraphOperation op = it.next();
            // forward ops of the training branch only (gradients live under train/sgd/)
            if (!op.name().startsWith("train/backbone/") && !op.name().startsWith("train/loss/")) {
                continue;
            }
            if (op.type().equals("Conv2D")) {
                Shape outShape = op.output(0).shape();
                Shape filter = op.input(1).shape();
                if (outShape.numDimensions() == 4 && outShape.get(1) > 0) {
                    total += 2.0 * outShape.get(1) * outShape.get(2) * outShape.get(3)
                            * filter.get(0) * filter.get(1) * filter.get(2);
                }
            } else if (op.type().equals("MatMul")) {
                Shape a = op.input(0).shape();
                Shape o = op.output(0).shape();
                if (a.numDimensions() == 2 && o.numDimensions() == 2 && a.get(1) > 0 && o.get(1) > 0) {
                    total += 2.0 * a.get(1) * o.get(1);
                }
            }
        }
        return total;
    }

    /**
     * Measured matrix-multiply FLOP/s of TensorFlow on the run's device in the run's precision (the same mixed-precision
     * rewrite turns the product into bf16/fp16), 2048³ (8192³ on a GPU), best of 5.
     */
    static double matmulPeak(int threads, String device, String precision) {
        return matmulFlops(threads, device, precision, device.startsWith("gpu") ? 8192 : 2048);
    }

    /** Matrix-multiply FLOP/s of TensorFlow on {@code device} in {@code precision} for one n³ product, best of 5 after a warm-up. */
    public static double matmulFlops(int threads, String device, String precision, int n) {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph();
             Session s = new Session(g, Devices.sessionConfig(threads, device, precision, false))) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            var prod = tf.reduceSum(tf.linalg.matMul(a, a), tf.constant(new int[] {0, 1}));
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, n))) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    try (Result r = s.runner().feed(a, x).fetch(prod).run()) {
                        r.get(0);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    if (i > 0) {
                        best = Math.min(best, secs);
                    }
                }
                return 2.0 * n * n * n / best;
            }
        }
    }

    /** Prints the figures. */
    public static void print(PrintStream out, TrainConfig cfg, Figures f) {
        out.printf(Locale.ROOT, "backbone %s, loss %s, dataset %s, batch %d, %d threads, device %s, precision %s%s%n",
                cfg.backbone(), cfg.loss(), cfg.dataset(), cfg.batch(), cfg.threads(), f.device(), cfg.precision(),
                cfg.xla() ? ", XLA" : "");
        if (!f.placement().isEmpty()) {
            out.println("first step: " + f.placement());
        }
        out.printf(Locale.ROOT, "training step (data pipeline included): %,.1f images/s%n", f.imagesPerSecond());
        out.printf(Locale.ROOT, "input pipeline alone:                    %,.1f images/s (%.1fx the step's consumption)%n",
                f.pipelineImagesPerSecond(), f.pipelineImagesPerSecond() / f.imagesPerSecond());
        out.printf(Locale.ROOT, "waiting for the next batch:              %.1f%% of the timed steps (the prefetched batch was %s)%n",
                100 * f.dataWaitFraction(), f.dataWaitFraction() < 0.02 ? "ready when the step ended" : "late: the pipeline limits the step");
        out.printf(Locale.ROOT, "achieved: %.2f GFLOP/s of a measured %.2f GFLOP/s matmul peak (same device and precision) = %.1f%%%n",
                f.stepFlops() / 1e9, f.peakFlops() / 1e9, 100 * f.fractionOfPeak());
    }

    /** Measured training speed of one configuration and the size of its training set. */
    public record StepRate(double imagesPerSecond, int trainImages) {
    }

    /** Images/s of full training steps (data pipeline included) after {@code warmup} untimed steps. */
    public static StepRate stepRate(TrainConfig cfg, PluginRegistry reg, int warmup, int steps) {
        Trainer.Plan plan = Trainer.plan(cfg, reg);
        TrainingData data = TrainingData.load(cfg, plan.twoViews());
        int batch = Math.min(cfg.batch(), data.train().size());
        try (TrainSession s = TrainSession.open(plan, data.spec(), cfg)) {
            int epoch = 1;
            int images = 0;
            long t0 = 0;
            BatchStream stream = data.trainStream(epoch, batch);
            try {
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        t0 = System.nanoTime();
                    }
                    if (!stream.hasNext()) {
                        stream.close();
                        stream = data.trainStream(++epoch, batch);
                    }
                    Batch b = stream.next();
                    s.benchStep(b);
                    if (i >= warmup) {
                        images += b.size();
                    }
                }
            } finally {
                stream.close();
            }
            return new StepRate(images / ((System.nanoTime() - t0) / 1e9), data.train().size());
        }
    }

    /** Timings of the metric suite on a synthetic feature cache. */
    public record MetricFigures(int n, int d, int k, int metrics, String device, double writeSeconds, double computeSeconds,
                                double residentMegabytes, double cacheMegabytes) {
    }

    /**
     * {@code ncd bench metrics}: writes an Arrow feature cache of {@code n} seeded training features (d dimensions, K
     * balanced classes: class means plus Gaussian noise, a K×d classifier near the means), then times every metric of
     * {@code plugins} on it in one pass, as a run does at its end.
     */
    public static MetricFigures metrics(java.util.List<ncdesign.core.plugin.PluginInfo> plugins, int n, int d, int k, long seed,
                                        java.nio.file.Path dir, ncdesign.api.metric.MetricKernels kernels) throws java.io.IOException {
        if (n < 2 * k || d < 1 || k < 2) {
            throw new ConfigException("bench metrics needs K >= 2 classes, d >= 1 and n >= 2K samples; got n=" + n + ", d=" + d + ", K=" + k);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[][] means = new float[k][d];
        float[][] w = new float[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] = (float) (3 * gaussian(r));
                w[c][j] = means[c][j] + (float) (0.5 * gaussian(r));
            }
        }
        float[] feats = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int j = 0; j < d; j++) {
                feats[i * d + j] = means[labels[i]][j] + (float) gaussian(r);
            }
        }
        float[] bias = new float[k];
        java.nio.file.Path cache = dir.resolve("bench-features.arrow");
        long t0 = System.nanoTime();
        ncdesign.features.FeatureCaches.write(ncdesign.features.MemoryFeatureSet.of(feats, d, labels, k, null, w, bias), cache,
                java.util.Map.of("ncd.source", "ncd bench metrics"));
        double write = (System.nanoTime() - t0) / 1e9;
        feats = null; // measure the pass over the cache, not the generator's copy
        System.gc();
        long t1 = System.nanoTime();
        java.util.List<ncdesign.api.metric.MetricValue> values = Analysis.metrics(ncdesign.core.train.MetricPlan.of(plugins), cache, kernels);
        double compute = (System.nanoTime() - t1) / 1e9;
        double rss = Resources.residentMegabytes();
        double mb = java.nio.file.Files.size(cache) / 1048576.0;
        java.nio.file.Files.deleteIfExists(cache);
        return new MetricFigures(n, d, k, values.size(), kernels == null ? "java" : kernels.device(), write, compute, rss, mb);
    }

    private static double gaussian(java.util.SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Prints the metric-suite figures. */
    public static void print(PrintStream out, MetricFigures f) {
        out.printf(Locale.ROOT, "metric suite: %d metrics on %,d x %d features, K=%d (Arrow cache %.0f MiB)%n", f.metrics(), f.n(), f.d(), f.k(), f.cacheMegabytes());
        out.printf(Locale.ROOT, "  compute: %.2f s (every metric plugin on the cache; matrix products and spectra on %s)%n", f.computeSeconds(),
                f.device().equals("java") ? "the CPU in Java" : "TensorFlow, " + f.device());
        out.printf(Locale.ROOT, "  write cache: %.2f s%n", f.writeSeconds());
        out.printf(Locale.ROOT, "  resident memory after: %.0f MiB (JVM + native)%n", f.residentMegabytes());
    }
}
