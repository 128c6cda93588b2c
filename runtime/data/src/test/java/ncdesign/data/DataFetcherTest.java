package ncdesign.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import ncdesign.api.error.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on loopback: checksums verified, archives unpacked, failures leave nothing behind. */
class DataFetcherTest {
    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, byte[]> files = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    static byte[] tarGz(String name, byte[] content) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        tar.write(h);
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(tar.toByteArray());
        }
        return gz.toByteArray();
    }

    @Test
    void verifiedFilesAreKeptAndArchivesUnpacked() throws Exception {
        byte[] a = "idx-bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] archive = tarGz("cifar-10-batches-bin/test_batch.bin", new byte[3073]);
        files.put("a.gz", a);
        files.put("c.tar.gz", archive);
        DataFetcher.fetch(List.of(new DataFetcher.Source(url("a.gz"), md5(a), false),
                new DataFetcher.Source(url("c.tar.gz"), md5(archive), true)), dir, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(dir.resolve("a.gz")).hasBinaryContent(a);
        assertThat(Files.size(dir.resolve("cifar-10-batches-bin/test_batch.bin"))).isEqualTo(3073);
        assertThat(dir.resolve("c.tar.gz")).doesNotExist();
        assertNoTemps();
    }

    @Test
    void checksumMismatchAndMissingFilesFailCleanly() throws Exception {
        files.put("a.gz", "tampered".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> DataFetcher.fetch(List.of(new DataFetcher.Source(url("a.gz"), "00112233445566778899aabbccddeeff", false)),
                dir, new PrintStream(OutputStream.nullOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("checksum mismatch").hasMessageContaining("a.gz");
        assertThat(dir.resolve("a.gz")).doesNotExist();
        assertThatThrownBy(() -> DataFetcher.fetch(List.of(new DataFetcher.Source(url("none.gz"), "00", false)),
                dir, new PrintStream(OutputStream.nullOutputStream()))).hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> DataFetcher.fetch("imagenet", dir, System.err)).hasMessageContaining("known: cifar10");
        assertNoTemps();
    }

    private void assertNoTemps() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(x -> x.contains(".tmp")).toList()).isEmpty();
        }
    }
}
