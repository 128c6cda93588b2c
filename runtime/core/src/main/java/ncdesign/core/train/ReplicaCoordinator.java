package ncdesign.core.train;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ncdesign.core.dist.Replicas;
import ncdesign.data.Batch;
import ncdesign.data.BatchStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Result;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A session's part in a data-parallel job: joining the other workers, timing every step with the failure detector,
 * comparing the workers' weights, and the worker side of a run (a worker other than the chief trains its shard,
 * writes nothing and logs its epochs; as a listener it is added to such a worker's loop only).
 */
final class ReplicaCoordinator implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger(ReplicaCoordinator.class);
    /** The longest a worker that is done waits for the others to finish reading the last collective from it. */
    static final long LINGER_MS = 1000;

    private final TrainSession session;
    private final Replicas replicas;
    private final int checkEvery;

    /**
     * @param checkEvery compare the workers' weights every this many steps (0 = only at the start and the end)
     */
    ReplicaCoordinator(TrainSession session, Replicas replicas, int checkEvery) {
        this.session = session;
        this.replicas = replicas;
        this.checkEvery = checkEvery;
    }

    boolean chief() {
        return replicas.chief();
    }

    /**
     * Before anything is written: waits for every worker to join and checks that all start from the same weights
     * (same configuration, same checkpoint).
     */
    void join() {
        checkWeights("the start (waiting for all " + replicas.size() + " workers to join)");
    }

    /** This worker's shard of every global batch of {@code epoch}. */
    BatchStream stream(TrainingData data, int epoch, int batch) {
        return data.trainShard(epoch, batch, replicas.task(), replicas.size());
    }

    /** {@code step}, timed by the failure detector, with the weights compared every {@code checkEvery} steps. */
    TrainLoop.Stepper timed(TrainLoop.Stepper step) {
        return (Batch b, double lr, long done, int epoch) -> {
            StepResult r;
            replicas.monitor().stepStarted("step " + (done + 1));
            try {
                r = step.step(b, lr, done, epoch);
            } catch (TensorFlowException e) {
                replicas.fail("the all-reduce of step " + (done + 1) + " with the other workers failed: "
                        + String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).limit(2).reduce((x, y) -> x + " " + y).orElse("")
                        + "; another worker has probably stopped");
                throw e;
            }
            replicas.monitor().stepFinished();
            if (checkEvery > 0 && (done + 1) % checkEvery == 0) {
                checkWeights("step " + (done + 1));
            }
            return r;
        };
    }

    /** Logs what a worker other than the chief is about to train. */
    void logWorkerStart(long steps, int batch) {
        LOG.info("worker {} of {}: training {} steps on its shard ({} of each global batch of {})", replicas.task(), replicas.size(),
                steps, batch / replicas.size(), batch);
    }

    @Override
    public void onEpochEnd(int epoch, long step) {
        LOG.info("worker {}: epoch {} done (step {})", replicas.task(), epoch, step);
    }

    /** The final barrier: the weights agreed by all workers (hex); afterwards a worker may exit without alarming the others. */
    String finish() {
        String hash = checkWeights("the end of training");
        replicas.monitor().finished();
        return hash;
    }

    /**
     * The end of a worker other than the chief, after {@code step} steps: the final barrier, then a bounded wait for
     * the others to finish reading this worker's part of it, and one line on {@code out}.
     */
    Trainer.Result finishWorker(long step, PrintStream out) {
        String hash = finish();
        replicas.monitor().awaitPeersGone(LINGER_MS);
        out.println("worker " + replicas.task() + " of " + replicas.size() + ": " + step + " steps; weights sha256 " + hash
                + " (identical on all workers); worker 0 writes the run folder");
        return new Trainer.Result(null, Double.NaN, List.of(), List.of());
    }

    /**
     * All workers exchange a hash of their trainable variables and optimizer state (a barrier); a difference stops the
     * job. BatchNorm running statistics are per worker and not compared. Returns the hash (hex).
     */
    private String checkWeights(String where) {
        byte[] digest = weightsDigest();
        long mine = java.nio.ByteBuffer.wrap(digest).getLong();
        replicas.monitor().stepStarted(where);
        long config = configHash();
        long[] all;
        try {
            all = replicas.exchange(session.session, mine, config);
        } catch (TensorFlowException e) {
            replicas.fail("exchanging weight hashes with the other workers at " + where + " failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; another worker has probably stopped");
            throw e;
        }
        replicas.monitor().stepFinished();
        for (int i = 0; i < all.length / 2; i++) {
            if (all[2 * i + 1] != config) {
                replicas.failMismatch("worker " + i + " was started with other training options than worker " + replicas.task()
                        + " (options hash " + Long.toHexString(all[2 * i + 1]) + " vs " + Long.toHexString(config)
                        + "); give every worker the same options (ncd launch does), only --task differs");
            }
            if (all[2 * i] != mine) {
                replicas.failMismatch(String.format(Locale.ROOT, "the weights of worker %d (%016x) differ from worker %d's (%016x) at %s;"
                        + " the workers did not start from the same checkpoint, or their arithmetic differs (TensorFlow builds, CPUs)",
                        i, all[2 * i], replicas.task(), mine, where));
            }
        }
        String hex = java.util.HexFormat.of().formatHex(digest, 0, 8);
        LOG.info("weights identical on all {} workers at {} (sha256 {})", replicas.size(), where.replaceFirst(" \\(.*", ""), hex);
        return hex;
    }

    /** Options that change what is trained (not where files go or how many threads): equal on every worker. */
    private long configHash() {
        Map<String, Object> m = new java.util.TreeMap<>(session.cfg.asMap());
        for (String k : List.of("out", "name", "data-dir", "threads", "plugins", "device", "eval-batch")) {
            m.remove(k);
        }
        return java.nio.ByteBuffer.wrap(sha256().digest(String.valueOf(m).getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /** SHA-256 of the trainable variables and the optimizer's momenta (not BatchNorm statistics, which stay per worker). */
    private byte[] weightsDigest() {
        MessageDigest md = sha256();
        for (RuntimeVariables.Entry e : session.model.vars.entries()) {
            if (!e.trainable() && !e.name().startsWith("optimizer/")) {
                continue;
            }
            try (Result r = session.session.runner().fetch(e.read()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * v.length);
                bb.asFloatBuffer().put(v);
                md.update(e.name().getBytes(StandardCharsets.UTF_8));
                md.update(bb.array());
            }
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
