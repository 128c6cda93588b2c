package ncdesign.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The integrity checksum of a feature cache: CRC-32C of every byte the writer wrote before the file's footer (the
 * magic, the schema and every record batch), recorded in the Arrow footer's custom metadata as
 * {@code ncd.checksum = crc32c:XXXXXXXX} and {@code ncd.checksum_bytes} (how many bytes it covers). The footer is
 * written last, so the checksum of everything before it can be put there; readers that do not know it ignore it.
 */
final class CacheChecksum {
    static final String KEY = "ncd.checksum";
    static final String BYTES_KEY = "ncd.checksum_bytes";

    private CacheChecksum() {
    }

    /** A channel that passes writes on and keeps the CRC-32C and the count of what went through. */
    static final class Writing implements WritableByteChannel {
        private final FileChannel out;
        private final CRC32C crc = new CRC32C();
        private long bytes;

        Writing(FileChannel out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer view = src.duplicate();
            int n = out.write(src);
            view.limit(view.position() + n);
            crc.update(view);
            bytes += n;
            return n;
        }

        /** Records the checksum of everything written so far into {@code footer} (the footer's metadata, before it is written). */
        void record(Map<String, String> footer) {
            footer.put(KEY, "crc32c:" + hex(crc.getValue()));
            footer.put(BYTES_KEY, Long.toString(bytes));
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static String hex(long v) {
        return String.format(Locale.ROOT, "%08x", v);
    }

    /**
     * Checks the cache's recorded checksum against its bytes; one line naming the file when they differ. A cache
     * without one (an earlier ncd, or another Arrow writer) is read as it is.
     *
     * @return whether a checksum was recorded (and matched)
     */
    static boolean verify(Path file, FileChannel ch, Map<String, String> footer) throws IOException {
        String recorded = footer == null ? null : footer.get(KEY);
        if (recorded == null) {
            return false;
        }
        long bytes;
        try {
            bytes = Long.parseLong(footer.getOrDefault(BYTES_KEY, ""));
        } catch (NumberFormatException e) {
            throw new CacheException(file + ": the cache's checksum metadata is unreadable (" + BYTES_KEY + " = '"
                    + footer.get(BYTES_KEY) + "'); the file is corrupt");
        }
        if (bytes < 0 || bytes > ch.size()) {
            throw new CacheException(file + ": the checksum covers " + bytes + " bytes but the file holds " + ch.size()
                    + "; the file is truncated or corrupt");
        }
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        for (long p = 0; p < bytes; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), bytes - p));
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new CacheException(file + ": truncated while verifying its checksum");
            }
            buf.flip();
            crc.update(buf);
            p += r;
        }
        String now = "crc32c:" + hex(crc.getValue());
        if (!now.equals(recorded)) {
            throw new CacheException(file + ": checksum mismatch (" + recorded + " recorded when written, " + now
                    + " now): the cache is corrupt; recompute it, or read it anyway with ncd metrics --no-verify");
        }
        return true;
    }
}
