package ncdesign.core.dist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Stops a worker within a bounded time when the job cannot go on, instead of leaving it blocked in a collective:
 * <ul>
 *   <li>every {@value #PROBE_MS} ms until training ends, a TCP connection to each other worker's server; a worker that
 *       answered once and then refuses or ignores {@value #STRIKES} probes in a row has died (detected within about
 *       10 s);</li>
 *   <li>a step (or the wait for the other workers to join) that takes longer than the timeout: a worker that is
 *       alive but stuck.</li>
 * </ul>
 * Either way the process prints {@code ncd: error: ...} naming the worker and how to resume, and halts with status
 * {@value Replicas#EXIT_PEER_FAILED}: TensorFlow cannot cancel a collective that waits for a dead peer, so an orderly
 * shutdown would hang. Checkpoints are written atomically, so halting never leaves a half-written one.
 */
public final class PeerMonitor implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PeerMonitor.class);
    static final int PROBE_MS = 2000;
    static final int STRIKES = 3;

    private final ClusterSpec cluster;
    private final long timeoutNanos;
    private final Thread thread;
    private final int[] strikes;
    private final boolean[] seen;
    private volatile boolean probing = true;
    private volatile long stepStart;
    private volatile String waitingFor;
    private volatile boolean closed;
    private volatile String resumeHint = "restart the job";

    private final java.util.function.Consumer<String> onFailure;

    private final long probeMs;

    PeerMonitor(ClusterSpec cluster, int timeoutSeconds) {
        this(cluster, timeoutSeconds, PeerMonitor::halt, PROBE_MS);
    }

    /** With another failure action than printing and halting, and another probe interval (tests). */
    PeerMonitor(ClusterSpec cluster, int timeoutSeconds, java.util.function.Consumer<String> onFailure, long probeMs) {
        this.onFailure = onFailure;
        this.probeMs = probeMs;
        this.cluster = cluster;
        this.timeoutNanos = timeoutSeconds <= 0 ? Long.MAX_VALUE : timeoutSeconds * 1_000_000_000L;
        this.strikes = new int[cluster.size()];
        this.seen = new boolean[cluster.size()];
        this.thread = new Thread(this::loop, "ncd-peer-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** What the error message tells the user to do, e.g. "resume with: ncd launch --workers 2 --resume runs/x". */
    public void resumeHint(String hint) {
        this.resumeHint = hint;
    }

    /** A collective step starts (e.g. "step 12"); its wait for the other workers is timed. */
    public void stepStarted(String what) {
        stepStart = System.nanoTime();
        waitingFor = what;
    }

    /** The step finished. */
    public void stepFinished() {
        waitingFor = null;
    }

    /** Training is over (after the final barrier): other workers may now exit without that being a failure. */
    public void finished() {
        probing = false;
        waitingFor = null;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(probeMs);
            } catch (InterruptedException e) {
                return;
            }
            String what = waitingFor;
            if (what != null && System.nanoTime() - stepStart > timeoutNanos) {
                fail(String.format(Locale.ROOT, "worker %d has waited %d s for the other workers at %s (the limit is --dist-timeout);"
                        + " a worker is stuck or never started", cluster.task(), (System.nanoTime() - stepStart) / 1_000_000_000L, what));
            }
            if (!probing) {
                continue;
            }
            for (int i = 0; i < cluster.size(); i++) {
                if (i == cluster.task()) {
                    continue;
                }
                String why = probe(i);
                if (why == null) {
                    strikes[i] = 0;
                    seen[i] = true;
                } else if (seen[i] && ++strikes[i] >= STRIKES && probing) {
                    fail("worker " + i + " (" + cluster.workers().get(i) + ") stopped: " + why + "; worker " + cluster.task()
                            + " cannot continue the synchronous job");
                }
            }
        }
    }

    /**
     * After this worker's final barrier: the others may still be reading this worker's part of that collective from
     * its server, and exiting would fail them. Waits until no other worker's server answers any more (nothing is left
     * to read) or {@code graceMillis} have passed, whichever comes first, checking every {@value #LINGER_POLL_MS} ms;
     * returns whether they were all gone.
     */
    public boolean awaitPeersGone(long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        synchronized (lingerLock) {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || closed) {
                    return false;
                }
                if (othersGone((int) Math.min(left, LINGER_POLL_MS))) {
                    return true;
                }
                left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left > 0) {
                    try {
                        lingerLock.wait(Math.min(left, LINGER_POLL_MS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
    }

    static final long LINGER_POLL_MS = 100;
    private final Object lingerLock = new Object();

    private boolean othersGone(int timeoutMs) {
        for (int i = 0; i < cluster.size(); i++) {
            if (i != cluster.task() && probe(i, timeoutMs) == null) {
                return false;
            }
        }
        return true;
    }

    private String probe(int i) {
        return probe(i, (int) probeMs);
    }

    private String probe(int i, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(cluster.host(i), cluster.port(i)), Math.max(1, timeoutMs));
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
        }
    }

    private final Object failLock = new Object();

    /**
     * Prints {@code ncd: error: message; how to resume} and halts the process with status
     * {@value Replicas#EXIT_PEER_FAILED}.
     */
    void fail(String message) {
        fail(message, true);
    }

    void fail(String message, boolean withHint) {
        if (withHint) {
            message = message + "; " + resumeHint;
        }
        synchronized (failLock) {
            probing = false;
            waitingFor = null;
            onFailure.accept(message);
        }
    }

    private static void halt(String message) {
        LOG.error(message);
        System.out.flush();
        System.err.println("ncd: error: " + message.replace('\n', ' '));
        System.err.flush();
        Runtime.getRuntime().halt(Replicas.EXIT_PEER_FAILED);
    }

    @Override
    public void close() {
        closed = true;
        probing = false;
        thread.interrupt();
        synchronized (lingerLock) {
            lingerLock.notifyAll();
        }
    }
}
