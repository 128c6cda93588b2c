package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares the run folders of two runs of one configuration, an uninterrupted one and one that was stopped and
 * resumed: every file the uninterrupted run wrote must exist in the other with the same content, except what
 * measures time or the process rather than the run:
 * <ul>
 *   <li>{@code log.txt}: the log, with wall-clock times, and the resumed run's own lines;</li>
 *   <li>{@code tensorboard/}: event files carry wall-clock times and are one file per process (TensorBoard reads
 *       them together);</li>
 *   <li>the timing and resource fields {@code seconds}, {@code rss_mb} and {@code run_dir_mb} of metrics.jsonl and
 *       metrics.csv, and {@code seconds} of each evaluation in summary.json.</li>
 * </ul>
 * Every other file (config.yaml, summary.json, metrics.jsonl/csv, trajectory.jsonl/csv, placement.json, both
 * checkpoints, the Arrow feature caches, saved classifiers) is compared byte for byte after that.
 */
final class RunFolders {
    /** Fields that measure time or the machine, not the run. */
    static final Set<String> TIMING = Set.of("seconds", "rss_mb", "run_dir_mb");

    private RunFolders() {
    }

    /** Every compared file of a run folder (relative path → content with the timing fields taken out). */
    static Map<String, String> results(Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = run.relativize(p).toString().replace('\\', '/');
                if (rel.equals("log.txt") || rel.startsWith("tensorboard/")) {
                    continue;
                }
                out.put(rel, normalise(rel, Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String normalise(String rel, byte[] bytes) {
        if (rel.endsWith(".json") || rel.endsWith(".jsonl")) {
            return new String(bytes, StandardCharsets.UTF_8).replaceAll("\"(seconds|rss_mb|run_dir_mb)\":[^,}\\]]+,?", "");
        }
        if (rel.equals("metrics.csv")) {
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                String[] cells = line.split(",", -1);
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < cells.length; i++) {
                    if (!TIMING.contains(header.get(i))) {
                        kept.add(cells[i]);
                    }
                }
                out.add(String.join(",", kept));
            }
            return String.join("\n", out);
        }
        if (rel.endsWith(".yaml") || rel.endsWith(".csv") || rel.endsWith(".txt")) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return digest(bytes); // checkpoints, Arrow caches, .npy: compared as bytes, shown as a digest
    }

    /** A short, exact stand-in for binary content: its length and SHA-256. */
    private static String digest(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return bytes.length + " bytes, sha256 " + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that {@code actual} holds every result file of {@code expected}, each the same. */
    static void assertSameResults(Path expected, Path actual) throws IOException {
        Map<String, String> want = results(expected);
        Map<String, String> got = results(actual);
        assertThat(want).as("an uninterrupted run writes a summary").containsKey("summary.json");
        assertThat(got.keySet()).as("the files of the resumed run " + actual).containsExactlyInAnyOrderElementsOf(want.keySet());
        for (Map.Entry<String, String> e : want.entrySet()) {
            assertThat(got.get(e.getKey())).as(e.getKey() + " of the resumed run").isEqualTo(e.getValue());
        }
    }
}
