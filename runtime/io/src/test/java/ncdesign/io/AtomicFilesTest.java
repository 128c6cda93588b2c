package ncdesign.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: a failure names the file the caller asked for, never the temporary file beside it. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWriteIntoAMissingFolderNamesTheTargetAndItsFolder() {
        Path target = dir.resolve("no-such-folder").resolve("x.json");
        Throwable t = catchThrowable(() -> AtomicFiles.writeString(target, "{}\n"));
        assertThat(t).isInstanceOf(NoSuchFileException.class);
        FileSystemException e = (FileSystemException) t;
        assertThat(e.getFile()).isEqualTo(target.toString());
        assertThat(e.getReason()).isEqualTo("its folder " + dir.resolve("no-such-folder") + " does not exist");
        assertThat(e.getMessage()).doesNotContain(".tmp-").doesNotContain(".x.json");
    }

    @Test
    void aRenameOverAFolderNamesTheTargetAndLeavesNoTemporaryFile() throws Exception {
        Path target = Files.createDirectories(dir.resolve("out.json"));
        Files.writeString(target.resolve("inside"), "keeps the folder non-empty");
        Throwable t = catchThrowable(() -> AtomicFiles.writeString(target, "{}\n"));
        assertThat(t).isInstanceOf(FileSystemException.class);
        assertThat(((FileSystemException) t).getFile()).isEqualTo(target.toString());
        assertThat(t.getMessage()).doesNotContain(".tmp-");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.json");
        }
    }
}
