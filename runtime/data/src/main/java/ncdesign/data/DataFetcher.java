package ncdesign.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import ncdesign.api.error.DataException;

/**
 * {@code ncd data fetch}: downloads a dataset from its official source, checks each file's MD5 against the
 * published value, and unpacks archives into the data folder. Nothing is left behind when a download fails or a
 * checksum does not match.
 */
public final class DataFetcher {

    /**
     * One file to download.
     *
     * @param url     where it is published
     * @param md5     its published MD5
     * @param archive whether it is a .tar.gz to unpack
     */
    public record Source(String url, String md5, boolean archive) {
        String fileName() {
            return url.substring(url.lastIndexOf('/') + 1);
        }
    }

    private static final String FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /** The official sources and MD5s (the values torchvision also checks). */
    public static final Map<String, List<Source>> OFFICIAL = Map.of(
            "fashion-mnist", List.of(
                    new Source(FASHION + "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", false),
                    new Source(FASHION + "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", false),
                    new Source(FASHION + "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", false),
                    new Source(FASHION + "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", false)),
            "mnist", List.of(
                    new Source(MNIST + "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", false),
                    new Source(MNIST + "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", false),
                    new Source(MNIST + "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", false),
                    new Source(MNIST + "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", false)),
            "cifar10", List.of(new Source("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", true)),
            "cifar100", List.of(new Source("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", true)));

    private DataFetcher() {
    }

    /** Downloads the official files of {@code name} into {@code dir} (under {@code dir/<name>} for IDX datasets). */
    public static Path fetch(String name, Path dir, PrintStream log) {
        List<Source> sources = OFFICIAL.get(name);
        if (sources == null) {
            throw new DataException("no download is known for dataset '" + name + "'; known: " + String.join(", ", OFFICIAL.keySet().stream().sorted().toList()));
        }
        Path target = sources.get(0).archive() ? dir : dir.resolve(name);
        fetch(sources, target, log);
        return target;
    }

    /** Downloads and verifies each source into {@code dir}; archives are unpacked there. */
    public static void fetch(List<Source> sources, Path dir, PrintStream log) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException(dir, "cannot create the data folder: " + e.getMessage());
        }
        for (Source s : sources) {
            Path file = dir.resolve(s.fileName());
            Path tmp = dir.resolve("." + s.fileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
            try {
                log.println("downloading " + s.url());
                HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(s.url())).timeout(Duration.ofMinutes(30)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    resp.body().close();
                    throw new DataException("cannot download " + s.url() + ": HTTP " + resp.statusCode());
                }
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                try (InputStream in = new DigestInputStream(resp.body(), md5); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                String got = HexFormat.of().formatHex(md5.digest());
                if (!got.equalsIgnoreCase(s.md5())) {
                    throw new DataException("checksum mismatch for " + s.url() + ": expected MD5 " + s.md5() + ", got " + got
                            + "; the download was discarded, try again");
                }
                if (s.archive()) {
                    untarGz(tmp, dir);
                    Files.delete(tmp);
                } else {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new DataException("cannot download " + s.url() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); without internet access, copy the dataset files into the data folder yourself");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("download of " + s.url() + " interrupted");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Unpacks the regular files of a .tar.gz (ustar) into {@code dir}, refusing paths that leave it. */
    static void untarGz(Path archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break; // end-of-archive block
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                Path out = root.resolve(name).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("archive entry escapes the target folder: " + name);
                }
                if (type == '5') {
                    Files.createDirectories(out);
                    in.skipNBytes(padded);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(out.getParent());
                    Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp-untar");
                    try (OutputStream os = Files.newOutputStream(tmp)) {
                        long left = size;
                        byte[] buf = new byte[1 << 16];
                        while (left > 0) {
                            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                            if (r < 0) {
                                throw new IOException("truncated archive at " + name);
                            }
                            os.write(buf, 0, r);
                            left -= r;
                        }
                    }
                    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
