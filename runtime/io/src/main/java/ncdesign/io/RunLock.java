package ncdesign.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of one writer on a run folder: the file {@link RunLayout#LOCK} in it, holding the writer's process
 * id, host and start time as JSON, and locked with the operating system's file lock for as long as the writer runs.
 * The operating system releases that lock when the process ends, however it ends, so a lock file left by a killed
 * process is recognised as stale and taken over (the new holder is told whose it was). Within one JVM a folder is
 * locked once at most. {@link #close()} removes the file and releases the lock.
 *
 * <p>On a file system without file locks, the recorded process decides: a lock file whose process still runs on this
 * host, or that was written on another host, holds the folder.
 *
 * <p>The holder never opens the lock file other than through its own channel: on POSIX systems closing any descriptor
 * of a file releases the process's locks on it, so the file's identity is checked with its attributes only.
 */
public final class RunLock implements AutoCloseable {
    /** The folders this JVM holds, with the record in their lock files. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();
    private static final ProcessHandle SELF = ProcessHandle.current();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String stale;
    private boolean closed;

    private RunLock(Path key, Path file, FileChannel channel, FileLock lock, String stale) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.stale = stale;
    }

    /** Another writer holds the folder; the message names it and what to do. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Locks run folder {@code dir} (which must exist) for this process.
     *
     * @throws HeldException when another process, or this one, holds it
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        Path file = key.resolve(RunLayout.LOCK);
        String mine = Json.write(record()) + "\n";
        String holder = HELD.putIfAbsent(key, mine);
        if (holder != null) {
            throw held(dir, file, holder, true); // by this process
        }
        try {
            for (int attempt = 0; attempt < 10; attempt++) {
                RunLock l = tryOnce(dir, key, file, mine);
                if (l != null) {
                    return l;
                }
            }
            throw new IOException("cannot lock " + file + ": it keeps being removed and created again by another process");
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(key);
            throw e;
        }
    }

    /** The lock, or null when the file was replaced while it was being locked (then the caller tries again). */
    private static RunLock tryOnce(Path dir, Path key, Path file, String mine) throws IOException {
        Object opened = identity(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (opened == null) {
                opened = identity(file); // created just now
            }
            FileLock l;
            boolean osLocks = true;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            } catch (IOException e) {
                l = null; // no file locks on this file system: the recorded process decides
                osLocks = false;
            }
            String previous = read(ch);
            if (osLocks ? l == null : running(previous)) {
                throw held(dir, file, previous, osLocks);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(mine.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            Object now = identity(file);
            if (now == null || !now.equals(opened)) { // a releasing holder removed the file after it was opened here
                if (l != null) {
                    l.release();
                }
                ch.close();
                return null;
            }
            return new RunLock(key, file, ch, l, previous.isBlank() ? null : describe(previous));
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /** The writer whose lock file this lock took over, described (pid, host, since), when it was left by a process that is gone. */
    public Optional<String> staleHolder() {
        return Optional.ofNullable(stale);
    }

    /** Removes the lock file and releases the lock; the second and later calls do nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
            } finally {
                channel.close();
                HELD.remove(key);
            }
        }
    }

    private static Map<String, Object> record() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", SELF.pid());
        m.put("host", Host.NAME);
        m.put("process_started", SELF.info().startInstant().map(Instant::toString).orElse(null));
        m.put("since", Instant.now().toString());
        return m;
    }

    /** The error for a folder whose lock is held: by a live lock ({@code certain}) or by a record that may be stale. */
    private static HeldException held(Path dir, Path file, String record, boolean certain) {
        return new HeldException("run folder " + dir + " is in use by " + (record.isBlank() ? "another process" : describe(record))
                + "; wait for it to finish" + (certain ? "" : ", or remove " + file + " if that process is no longer running"));
    }

    /** {@code pid 123 on host h (since ...)}, or the raw text when it is not a lock record. */
    private static String describe(String record) {
        Map<String, Object> m = parse(record);
        if (m == null) {
            return "an unknown process (" + excerpt(record) + ")";
        }
        return "pid " + m.get("pid") + " on host " + m.get("host") + (m.get("since") == null ? "" : " (since " + m.get("since") + ")");
    }

    private static String excerpt(String record) {
        String t = record.strip();
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    /** Whether the process a lock record names may still run: alive on this host, or on another host (unknowable). */
    private static boolean running(String record) {
        Map<String, Object> m = parse(record);
        if (m == null || !(m.get("pid") instanceof Number pid)) {
            return false;
        }
        if (!Host.NAME.equals(m.get("host"))) {
            return true;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid.longValue());
        return p.isPresent() && p.get().isAlive() && (m.get("process_started") == null
                || p.get().info().startInstant().map(i -> i.toString().equals(m.get("process_started"))).orElse(true));
    }

    private static Map<String, Object> parse(String record) {
        try {
            return record.isBlank() ? null : Json.parseObject(record.strip());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read up to 4 KiB from the start
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    /** What identifies the file at {@code file} (device and inode where the platform has them), or null when there is none. */
    private static Object identity(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : "a file"; // without file keys, a file that is there
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** This machine's name, read once. */
    private static final class Host {
        static final String NAME = name();

        private static String name() {
            for (String f : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
                try {
                    String n = Files.readString(Path.of(f)).strip();
                    if (!n.isEmpty()) {
                        return n;
                    }
                } catch (IOException | RuntimeException e) {
                    // try the next source
                }
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
