package ncdesign.core.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA libraries' cache folder: unpacked once, checked, and never seen half-written. */
class CudaLibrariesTest {
    @TempDir
    Path tmp;

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = tmp.resolve("cuda-" + CudaLibraries.VERSION + "-linux-x86_64-redist.jar");
        try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(CudaLibraries.ENTRY_DIR + e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return jar;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> names(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void unpacksOnceIntoTheVersionedFolderAfterCheckingEveryLibrary() throws Exception {
        Path jar = jar(Map.of("liba.so.1", "alpha", "libb.so.2", "beta", "libunused.so.3", "gamma"));
        List<CudaLibraries.Library> libs = List.of(new CudaLibraries.Library("liba.so.1", sha256("alpha")),
                new CudaLibraries.Library("libb.so.2", sha256("beta")));
        Path root = tmp.resolve("cache");
        Path dir = CudaLibraries.unpack(jar, root, libs);
        assertThat(dir).isEqualTo(root.resolve("cuda-" + CudaLibraries.VERSION));
        assertThat(names(dir)).containsExactly("liba.so.1", "libb.so.2");
        assertThat(Files.readString(dir.resolve("libb.so.2"))).isEqualTo("beta");
        assertThat(names(root)).containsExactly("cuda-" + CudaLibraries.VERSION); // no temporary folder left
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        // once: the second call finds the folder and reads nothing (the jar may even be gone)
        Files.delete(jar);
        assertThat(CudaLibraries.unpack(jar, root, libs)).isEqualTo(dir);
    }

    @Test
    void aLibraryWithTheWrongChecksumLeavesNoFolderBehind() throws Exception {
        Path jar = jar(Map.of("liba.so.1", "alpha", "libb.so.2", "tampered"));
        Path root = tmp.resolve("cache");
        List<CudaLibraries.Library> libs = List.of(new CudaLibraries.Library("liba.so.1", sha256("alpha")),
                new CudaLibraries.Library("libb.so.2", sha256("beta")));
        assertThatThrownBy(() -> CudaLibraries.unpack(jar, root, libs)).isInstanceOf(IOException.class)
                .hasMessageContaining("libb.so.2").hasMessageContaining("SHA-256").hasMessageContaining(sha256("beta"));
        assertThat(names(root)).isEmpty();
        // and a missing entry names the jar and the library
        List<CudaLibraries.Library> more = List.of(new CudaLibraries.Library("libc.so.9", sha256("c")));
        assertThatThrownBy(() -> CudaLibraries.unpack(jar, root, more)).hasMessageContaining("libc.so.9").hasMessageContaining(jar.toString());
        assertThat(names(root)).isEmpty();
    }

    @Test
    void theLeftoversOfADeadUnpackAreRemovedNotUsed() throws Exception {
        Path root = tmp.resolve("cache");
        Path dead = Files.createDirectories(root.resolve(".cuda-" + CudaLibraries.VERSION + "-partial-123"));
        Files.writeString(dead.resolve("liba.so.1"), "half");
        Path jar = jar(Map.of("liba.so.1", "alpha"));
        Path dir = CudaLibraries.unpack(jar, root, List.of(new CudaLibraries.Library("liba.so.1", sha256("alpha"))));
        assertThat(Files.readString(dir.resolve("liba.so.1"))).isEqualTo("alpha");
        assertThat(names(root)).containsExactly("cuda-" + CudaLibraries.VERSION);
        assertThatThrownBy(() -> CudaLibraries.unpack(tmp.resolve("absent.jar"), tmp.resolve("other"), List.of()))
                .hasMessageContaining("absent.jar").hasMessageContaining("NCD_CUDA=host");
    }

    @Test
    void theBundledListNamesWhatTensorFlowOpensAndTheDriverIsRequiredToo() {
        List<String> names = CudaLibraries.bundled().stream().map(CudaLibraries.Library::name).toList();
        assertThat(names).contains("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12", "libcufft.so.11", "libcusolver.so.11",
                "libcusparse.so.12", "libcupti.so.12", "libcudnn.so.9", "libnvJitLink.so.12", "libnccl.so.2").doesNotHaveDuplicates();
        assertThat(CudaLibraries.bundled()).allMatch(l -> l.sha256().matches("[0-9a-f]{64}"));
        assertThat(CudaLibraries.required()).endsWith(CudaLibraries.DRIVER).hasSize(names.size() + 1);
        assertThat(CudaLibraries.cacheRoot(Map.of("NCD_CUDA_CACHE", "/x"))).isEqualTo(Path.of("/x"));
        assertThat(CudaLibraries.cacheRoot(Map.of("XDG_CACHE_HOME", "/c"))).isEqualTo(Path.of("/c/ncdesign"));
    }

    @Test
    void theHostsDriverAndLibrariesAreFoundWhereTheLoaderLooks() throws Exception {
        Path proc = tmp.resolve("version");
        Files.writeString(proc, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.65.06  Sun Jul 27 07:09:00 UTC 2025\n"
                + "GCC version:  gcc version 12.2.0\n");
        assertThat(Host.driverVersion(proc)).contains("580.65.06");
        assertThat(Host.driverVersion(tmp.resolve("none"))).isEmpty();
        assertThat(Host.parseLdconfig(List.of("3 libs found in cache `/etc/ld.so.cache'",
                "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1", "\tlibz.so.1 (libc6) => /lib32/libz.so.1")))
                .containsExactly(Map.entry("libz.so.1", Path.of("/lib/x86_64-linux-gnu/libz.so.1")));
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("libq.so.1"), "");
        Files.writeString(a.resolve("libq.so.1"), "");
        List<Path> dirs = Host.searchDirs(Map.of("LD_LIBRARY_PATH", a + "::" + b));
        assertThat(dirs).startsWith(a, b);
        assertThat(Host.find("libq.so.1", dirs, Map.of())).contains(a.resolve("libq.so.1"));
        assertThat(Host.find("libnothing.so.7", dirs, Map.of())).isEmpty();
    }
}
