package ncdesign.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import ncdesign.api.error.DataException;

/**
 * Reads IDX files (MNIST, Fashion-MNIST), gzip-compressed or raw — detected from the gzip magic bytes, not the
 * file name. Checks the magic number, the dimensions and that the payload holds exactly what the header says,
 * and never allocates more than the file can hold (a corrupt count fails fast).
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_ITEMS = 50_000_000;

    private IdxReader() {
    }

    /** Images as N×rows×cols bytes; {@code dims} receives {N, rows, cols}. */
    static byte[] readImages(Path file, int[] dims) {
        return read(file, IMAGES_MAGIC, 3, dims);
    }

    /** Labels as N bytes. */
    static byte[] readLabels(Path file) {
        return read(file, LABELS_MAGIC, 1, new int[1]);
    }

    private static byte[] read(Path file, int magic, int rank, int[] dims) {
        try (InputStream in = open(file)) {
            int m = readInt(in, file);
            if (m != magic) {
                throw new DataException(file, String.format("wrong magic number 0x%08x, expected 0x%08x (%s); "
                        + "is this the right file, uncorrupted?", m, magic, rank == 1 ? "IDX labels" : "IDX images"));
            }
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = readInt(in, file);
                if (dims[i] < 0 || dims[i] > MAX_ITEMS) {
                    throw new DataException(file, "implausible dimension " + dims[i] + " in the IDX header (corrupt file)");
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataException(file, "IDX header declares " + total + " bytes, more than a Java array holds (corrupt file)");
            }
            long onDisk = Files.size(file);
            if (!gzip(file) && onDisk - 4 - 4L * rank < total) {
                throw new DataException(file, "truncated: header declares " + total + " data bytes but the file holds "
                        + (onDisk - 4 - 4L * rank));
            }
            byte[] data = readFully(in, (int) total, file);
            if (in.read() != -1) {
                throw new DataException(file, "has bytes after the " + total + " the IDX header declares (corrupt file)");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new DataException(file, "not found");
        } catch (ZipException | EOFException e) {
            throw new DataException(file, "truncated or corrupt gzip/IDX data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
    }

    private static byte[] readFully(InputStream in, int n, Path file) throws IOException {
        // Grow in chunks: a compressed file's header may lie about its size, so do not trust it for allocation.
        byte[] out = new byte[Math.min(n, 1 << 24)];
        int pos = 0;
        while (pos < n) {
            if (pos == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int r = in.read(out, pos, out.length - pos);
            if (r < 0) {
                throw new DataException(file, "truncated: expected " + n + " data bytes, found " + pos);
            }
            pos += r;
        }
        return out;
    }

    private static int readInt(InputStream in, Path file) throws IOException {
        int a = in.read();
        int b = in.read();
        int c = in.read();
        int d = in.read();
        if ((a | b | c | d) < 0) {
            throw new DataException(file, "truncated IDX header");
        }
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return gzip(file) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }
}
