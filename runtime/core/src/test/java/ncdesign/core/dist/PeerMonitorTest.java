package ncdesign.core.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The failure detector: a worker that answered once and then vanishes, and a step that waits too long. */
@Tag("slow")
class PeerMonitorTest {
    static final long PROBE = 300;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aWorkerThatDisappearsIsReportedAfterThreeFailedProbes() throws Exception {
        ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + peer.getLocalPort()), 0);
        BlockingQueue<String> failures = new ArrayBlockingQueue<>(10);
        try (PeerMonitor m = new PeerMonitor(c, 0, failures::add, PROBE)) {
            m.resumeHint("resume with X");
            Thread.sleep(PROBE * 2L); // seen alive
            assertThat(failures).isEmpty();
            long t0 = System.nanoTime();
            peer.close();
            String msg = failures.poll(15, TimeUnit.SECONDS);
            assertThat(msg).as("failure reported").isNotNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThanOrEqualTo(PROBE * (PeerMonitor.STRIKES + 2));
            assertThat(msg).contains("worker 1 (127.0.0.1:" + peer.getLocalPort() + ") stopped").contains("resume with X");
        }
    }

    @Test
    void aWorkerThatNeverAnsweredIsNotAFailureButAStepThatWaitsTooLongIs() throws Exception {
        ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()), 1);
        BlockingQueue<String> failures = new ArrayBlockingQueue<>(10);
        try (PeerMonitor m = new PeerMonitor(c, 1, failures::add, PROBE)) {
            Thread.sleep(PROBE * (PeerMonitor.STRIKES + 2L)); // still starting: connection refused is fine
            assertThat(failures).isEmpty();
            m.stepStarted("step 7");
            String msg = failures.poll(5, TimeUnit.SECONDS);
            assertThat(msg).isNotNull().contains("worker 1 has waited").contains("step 7").contains("--dist-timeout");
        }
    }

    @Test
    void finishedTrainingStopsTheProbes() throws Exception {
        ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + peer.getLocalPort()), 0);
        BlockingQueue<String> failures = new ArrayBlockingQueue<>(10);
        try (PeerMonitor m = new PeerMonitor(c, 0, failures::add, PROBE)) {
            Thread.sleep(PROBE * 2L);
            m.finished();
            peer.close();
            assertThat(failures.poll(PROBE * (PeerMonitor.STRIKES + 2L), TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
