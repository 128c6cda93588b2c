package ncdesign.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resource figures recorded with every epoch, so leaks and disk growth show in metrics.jsonl. */
public final class Resources {
    private Resources() {
    }

    /** Resident memory of this process in MiB (JVM heap and native TensorFlow memory), from /proc; NaN elsewhere. */
    public static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** Total size of the files under {@code dir} in MiB. */
    static double folderMegabytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum() / (1024.0 * 1024.0);
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
