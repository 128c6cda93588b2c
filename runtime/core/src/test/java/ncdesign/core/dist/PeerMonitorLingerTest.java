package ncdesign.core.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker that is done waits for the others to stop reading from it, but never longer than its grace period. */
class PeerMonitorLingerTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void returnsAtOnceWhenTheOtherWorkersAreGone() throws Exception {
        ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()), 1);
        try (PeerMonitor m = new PeerMonitor(c, 0, msg -> { }, 60_000)) {
            long t0 = System.nanoTime();
            assertThat(m.awaitPeersGone(5_000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2_000);
        }
    }

    @Test
    void waitsTheGracePeriodWhileAnotherWorkerStillAnswers() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + peer.getLocalPort(), "127.0.0.1:" + freePort()), 1);
            try (PeerMonitor m = new PeerMonitor(c, 0, msg -> { }, 60_000)) {
                long t0 = System.nanoTime();
                assertThat(m.awaitPeersGone(600)).isFalse();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(ms).isBetween(550L, 3_000L);
            }
        }
    }

    @Test
    void endsWhenThePeerGoesAwayDuringTheWait() throws Exception {
        ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ClusterSpec c = new ClusterSpec(List.of("127.0.0.1:" + peer.getLocalPort(), "127.0.0.1:" + freePort()), 1);
        try (PeerMonitor m = new PeerMonitor(c, 0, msg -> { }, 60_000)) {
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    peer.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            closer.start();
            long t0 = System.nanoTime();
            assertThat(m.awaitPeersGone(10_000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            closer.join();
        }
    }
}
