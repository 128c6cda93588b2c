package ncdesign.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to {@code .<name>.tmp-<random>}
 * in the same folder, is forced to disk, and is renamed over the target in one atomic step. On failure the
 * temporary file is removed. Leftovers of a killed process are removed by {@link #cleanStaleTemps(Path)}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes through a channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes through a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** The temporary name used for {@code target}. */
    static Path tempFor(Path target) {
        String rnd = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp-" + rnd);
    }

    public static void write(Path target, ChannelWriter body) throws IOException {
        Path tmp = tempFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileSystemException e) {
            Files.deleteIfExists(tmp);
            throw onTarget(e, tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * The failure as the user should read it: about {@code target}, the file they named, not the temporary file
     * beside it (a missing folder, a denied permission or a full disk is the target's problem too).
     */
    static FileSystemException onTarget(FileSystemException e, Path tmp, Path target) {
        if (!tmp.toString().equals(e.getFile())) {
            return e;
        }
        String t = target.toString();
        Path parent = target.toAbsolutePath().getParent();
        FileSystemException r;
        if (e instanceof NoSuchFileException) {
            r = new NoSuchFileException(t, null, parent != null && !Files.isDirectory(parent)
                    ? "its folder " + parent + " does not exist" : "no such file or folder");
        } else if (e instanceof AccessDeniedException) {
            r = new AccessDeniedException(t, null, "permission denied" + (parent == null ? "" : " (in " + parent + ")"));
        } else {
            r = new FileSystemException(t, null, e.getReason());
        }
        r.initCause(e);
        return r;
    }

    public static void writeStream(Path target, StreamWriter body) throws IOException {
        write(target, ch -> {
            OutputStream os = Channels.newOutputStream(ch);
            body.write(os);
            os.flush();
        });
    }

    public static void writeString(Path target, String content) throws IOException {
        writeStream(target, os -> os.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Removes temporary files left by an interrupted writer in {@code dir} and its sub-folders; returns how many. */
    public static int cleanStaleTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int[] n = new int[1];
        try (Stream<Path> s = Files.walk(dir, 3)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("\\..+\\.tmp-[0-9a-f]+")).toList()) {
                Files.deleteIfExists(p);
                n[0]++;
            }
        }
        return n[0];
    }
}
