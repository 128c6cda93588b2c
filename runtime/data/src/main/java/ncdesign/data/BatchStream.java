package ncdesign.data;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batches of a dataset prepared ahead by a pool of worker threads (bounded prefetch), in a fixed order.
 * Training streams shuffle per epoch from (seed, epoch) and drop the last partial batch; evaluation streams keep
 * the dataset order and every sample. Each sample's augmentation draws from its own generator seeded by
 * (seed, epoch, position), so the batches are identical for any number of threads.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
    private static final AtomicInteger POOL = new AtomicInteger();

    private final Dataset data;
    private final Augment augment;
    private final int[] order;
    private final int batch;
    private final int numBatches;
    private final long seed;
    private final ExecutorService pool;
    private final Deque<Future<Batch>> ahead = new ArrayDeque<>();
    private final int depth;
    private final boolean twoViews;
    /** Rows of the global batch per step and this shard's first row in it (shards = 1: both describe the whole batch). */
    private final int globalBatch;
    private final int shardOffset;
    private int submitted;
    private int taken;

    private BatchStream(Dataset data, Augment augment, int[] order, int batch, boolean dropLast, long seed, int threads, boolean twoViews) {
        this(data, augment, order, batch, batch, 0, dropLast, seed, threads, twoViews);
    }

    private BatchStream(Dataset data, Augment augment, int[] order, int batch, int globalBatch, int shardOffset, boolean dropLast,
                        long seed, int threads, boolean twoViews) {
        this.globalBatch = globalBatch;
        this.shardOffset = shardOffset;
        this.twoViews = twoViews;
        this.data = data;
        this.augment = augment;
        this.order = order;
        this.batch = batch;
        this.numBatches = dropLast ? order.length / globalBatch : (order.length + globalBatch - 1) / globalBatch;
        this.seed = seed;
        int t = Math.max(1, threads);
        this.depth = 2 * t;
        ThreadFactory tf = r -> {
            Thread th = new Thread(r, "ncd-data-" + POOL.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
        this.pool = Executors.newFixedThreadPool(t, tf);
        fill();
    }

    /** A shuffled, augmented training stream for one epoch (epochs count from 1). */
    public static BatchStream train(Dataset d, Augment a, int batch, long seed, int epoch, int threads) {
        return train(d, a, batch, seed, epoch, threads, false);
    }

    /** The same, with a second independently augmented view of every sample when {@code twoViews}. */
    public static BatchStream train(Dataset d, Augment a, int batch, long seed, int epoch, int threads, boolean twoViews) {
        int[] order = permutation(d.size(), mix(seed, epoch, -1));
        return new BatchStream(d, a, order, batch, true, mix(seed, epoch, -2), threads, twoViews);
    }

    /**
     * Shard {@code shard} of {@code shards} of the training stream: step b yields rows
     * [shard·B/shards, (shard+1)·B/shards) of the global batch b that {@link #train} yields for {@code globalBatch} = B,
     * with the same samples and the same augmentation, so the shards of all workers together are exactly the
     * single-worker batch. {@code globalBatch} must be a multiple of {@code shards}.
     */
    public static BatchStream trainShard(Dataset d, Augment a, int globalBatch, long seed, int epoch, int threads, boolean twoViews,
                                         int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards || globalBatch % shards != 0) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " of a batch of " + globalBatch);
        }
        int[] order = permutation(d.size(), mix(seed, epoch, -1));
        int local = globalBatch / shards;
        return new BatchStream(d, a, order, local, globalBatch, shard * local, true, mix(seed, epoch, -2), threads, twoViews);
    }

    /** All samples in a shuffled order for an epoch, augmented, every sample kept (for probes that re-augment). */
    public static BatchStream augmented(Dataset d, Augment a, int batch, long seed, int epoch, int threads) {
        int[] order = permutation(d.size(), mix(seed, epoch, -3));
        return new BatchStream(d, a, order, batch, false, mix(seed, epoch, -4), threads, false);
    }

    /** All samples in order, normalised but not augmented. */
    public static BatchStream eval(Dataset d, Augment a, int batch, int threads) {
        int[] order = new int[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return eval(d, order, a, batch, threads);
    }

    /**
     * The given samples of {@code d} in the given order, normalised but not augmented; their sample ids stay those of
     * {@code d} (which per-sample backbones such as the unconstrained-features model look up).
     */
    public static BatchStream eval(Dataset d, int[] indices, Augment a, int batch, int threads) {
        return new BatchStream(d, a.plain(), indices.clone(), batch, false, 0, threads, false);
    }

    /**
     * Drops the next {@code k} batches without preparing them, as if they had been taken: a run resumed from a
     * checkpoint within an epoch continues with the batch after the last one it trained on.
     */
    public BatchStream skip(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("cannot skip " + k + " batches");
        }
        for (Future<Batch> f : ahead) {
            f.cancel(true);
        }
        ahead.clear();
        taken = Math.min(numBatches, taken + k);
        submitted = taken;
        fill();
        return this;
    }

    /** Number of batches this stream yields. */
    public int batches() {
        return numBatches;
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A well-mixed 64-bit seed from three numbers (SplitMix64 finaliser). */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void fill() {
        while (submitted < numBatches && ahead.size() < depth) {
            final int b = submitted++;
            ahead.add(pool.submit(() -> make(b)));
        }
    }

    private Batch make(int b) {
        int from = b * globalBatch + shardOffset;
        int n = Math.min(batch, order.length - from);
        int per = data.imageBytes();
        byte[] img = new byte[n * per];
        byte[] img2 = twoViews ? new byte[n * per] : null;
        int[] y = new int[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            int idx = order[from + i];
            ids[i] = idx;
            y[i] = data.labels()[idx];
            augment.apply(data, idx, new SplittableRandom(mix(seed, from + i, 0x5A17)), img, i * per);
            if (twoViews) {
                augment.apply(data, idx, new SplittableRandom(mix(seed, from + i, 0x5A18)), img2, i * per);
            }
        }
        return new Batch(img, y, ids, n, img2);
    }

    @Override
    public boolean hasNext() {
        return taken < numBatches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Future<Batch> f = ahead.poll();
        taken++;
        try {
            Batch b = f.get();
            fill();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("preparing a batch failed: " + c, c);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
