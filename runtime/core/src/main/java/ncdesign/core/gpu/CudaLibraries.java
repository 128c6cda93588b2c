package ncdesign.core.gpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The CUDA 12 and cuDNN 9 libraries that TensorFlow's GPU build loads, taken from JavaCPP's redistributable jar
 * ({@code org.bytedeco:cuda:}{@value #VERSION}{@code :linux-x86_64-redist}, which the gpu build resolves from Maven)
 * and unpacked once into a versioned cache folder, {@code <cache>/cuda-}{@value #VERSION}.
 *
 * <p>A partial unpack is never used: the libraries are written into a temporary folder beside it, each checked
 * against its SHA-256 (the list in {@code cuda-<version>.sha256} next to this class) and flushed to disk, and only
 * then is the folder renamed to its final name, in one step. So the final folder exists only complete and
 * verified; a crash or a full disk leaves at most a {@code .cuda-*-partial-*} folder, which the next unpack
 * removes. Unpacks take turns on a lock file in the cache root, so a second one waits and then finds the folder.
 *
 * <p>This class uses java.base only: {@code ./ncd} runs its {@link #main} on the class path, before the JVM that
 * needs the libraries on {@code LD_LIBRARY_PATH} starts.
 */
public final class CudaLibraries {
    /** The version of the redistributable jar (CUDA 12.6, cuDNN 9.5, JavaCPP 1.5.11). */
    public static final String VERSION = "12.6-9.5-1.5.11";
    /** The driver's library, which no jar can bring: it must match the kernel module. */
    public static final String DRIVER = "libcuda.so.1";
    /** Where the libraries are inside the jar. */
    static final String ENTRY_DIR = "org/bytedeco/cuda/linux-x86_64/";
    private static final String PARTIAL = ".cuda-" + VERSION + "-partial-";

    /** One library: its file name (the name TensorFlow or another library opens it by) and its SHA-256. */
    public record Library(String name, String sha256) {
    }

    private CudaLibraries() {
    }

    /** The libraries unpacked from the jar, in the order of the checksum list. */
    public static List<Library> bundled() {
        String res = "cuda-" + VERSION + ".sha256";
        try (InputStream in = CudaLibraries.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + res + " next to " + CudaLibraries.class.getName());
            }
            List<Library> out = new ArrayList<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.trim().split("\\s+"))
                    .forEach(f -> out.add(new Library(f[1], f[0])));
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every library the GPU build needs on the library path: the bundled ones and the driver's. */
    public static List<String> required() {
        List<String> out = new ArrayList<>(bundled().stream().map(Library::name).toList());
        out.add(DRIVER);
        return List.copyOf(out);
    }

    /** The cache root: {@code $NCD_CUDA_CACHE}, else {@code $XDG_CACHE_HOME/ncdesign}, else {@code ~/.cache/ncdesign}. */
    public static Path cacheRoot(Map<String, String> env) {
        String own = env.get("NCD_CUDA_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("ncdesign");
    }

    /** The versioned folder the libraries are unpacked into under {@code root}. */
    public static Path folder(Path root) {
        return root.resolve("cuda-" + VERSION);
    }

    /** Unpacks the {@linkplain #bundled() bundled} libraries from {@code jar} under {@code root} once; returns the folder. */
    public static Path unpack(Path jar, Path root) throws IOException {
        return unpack(jar, root, bundled());
    }

    /** {@link #unpack(Path, Path)} for the given list of libraries and checksums. */
    static Path unpack(Path jar, Path root, List<Library> libraries) throws IOException {
        Path dir = folder(root);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the CUDA 12 libraries' jar " + jar + " is missing: build the gpu build once with the network "
                    + "(NCD_PROFILE=gpu ./ncd doctor downloads it), or use the host's CUDA 12 with NCD_CUDA=host");
        }
        Files.createDirectories(root);
        // one unpack at a time (other JVMs wait on the lock): the leftovers of dead ones can then be removed safely
        try (FileChannel lock = FileChannel.open(root.resolve(".cuda-" + VERSION + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lock.lock(); // released when the channel closes
            if (Files.isDirectory(dir)) {
                return dir; // another process finished while this one waited
            }
            removePartials(root);
            Path tmp = Files.createTempDirectory(root, PARTIAL);
            // a temporary folder is private (rwx------); the cache folder is readable like the rest of ~/.cache
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (Library lib : libraries) {
                        extract(zip, jar, lib, tmp.resolve(lib.name()));
                    }
                }
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                return dir;
            } finally {
                deleteTree(tmp);
            }
        }
    }

    private static void extract(ZipFile zip, Path jar, Library lib, Path to) throws IOException {
        ZipEntry e = zip.getEntry(ENTRY_DIR + lib.name());
        if (e == null) {
            throw new IOException(jar + " has no " + ENTRY_DIR + lib.name() + ": it is not the org.bytedeco:cuda:" + VERSION
                    + ":linux-x86_64-redist jar; delete it and build again with NCD_PROFILE=gpu ./ncd");
        }
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(zip.getInputStream(e), md)) {
            Files.copy(in, to);
        }
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(lib.sha256())) {
            throw new IOException(lib.name() + " in " + jar + " has SHA-256 " + got + ", expected " + lib.sha256()
                    + ": the jar is damaged; delete it and build again with NCD_PROFILE=gpu ./ncd");
        }
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Leftovers of unpacks that died (their folders never got the final name). */
    private static void removePartials(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code java -cp ncdesign-core.jar ncdesign.core.gpu.CudaLibraries <redist jar>}: unpacks (once) under
     * {@link #cacheRoot} and prints the folder. Errors are one line {@code ncd: error: ...}, exit code 2.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp ncdesign-core.jar " + CudaLibraries.class.getName() + " <cuda redist jar>");
            System.exit(2);
        }
        Path root = cacheRoot(System.getenv());
        if (!Path.of(args[0]).getFileName().toString().equals("cuda-" + VERSION + "-linux-x86_64-redist.jar")) {
            System.err.println("ncd: error: the gpu build resolved " + args[0] + ", but this ncdesign holds the checksums of "
                    + "org.bytedeco:cuda:" + VERSION + " only: keep cuda.redist.version in pom.xml at " + VERSION);
            System.exit(2);
        }
        try {
            if (!Files.isDirectory(folder(root))) {
                System.err.println("ncd: unpacking the CUDA 12 libraries into " + folder(root) + " (once; about 2.6 GB)...");
            }
            System.out.println(unpack(Path.of(args[0]), root));
        } catch (IOException e) {
            System.err.println("ncd: error: cannot unpack the CUDA 12 libraries into " + folder(root) + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("space") ? "; free some disk space or set NCD_CUDA_CACHE to another folder" : ""));
            System.exit(2);
        }
    }
}
