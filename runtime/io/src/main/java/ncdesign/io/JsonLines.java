package ncdesign.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reading a JSON-lines file ({@code metrics.jsonl}, {@code trajectory.jsonl}): one JSON object per non-blank line. A
 * line that is not a JSON object fails with a {@link JsonFileException} that names the file and the line; a reader
 * that owns the file (a resumed run) may instead drop a broken <em>last</em> line, what a writer killed in the middle
 * of a line leaves, and is told so.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /**
     * One line of a JSON-lines file.
     *
     * @param number the 1-based line number
     * @param text   the line as written
     * @param value  the line's object
     */
    public record Line(int number, String text, Map<String, Object> value) {
    }

    /** Every non-blank line of {@code file}; the first that is not a JSON object fails, naming the file and line. */
    public static List<Line> read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Every non-blank line of {@code file}, except a last line that is not a JSON object: that one is dropped and
     * {@code dropped} is told which line and why (one sentence). A broken line before the last fails as in
     * {@link #read(Path)}.
     */
    public static List<Line> readRepairing(Path file, Consumer<String> dropped) throws IOException {
        return read(file, dropped);
    }

    private static List<Line> read(Path file, Consumer<String> dropped) throws IOException {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        int last = text.size();
        while (last > 0 && text.get(last - 1).isBlank()) {
            last--;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            String t = text.get(i);
            if (t.isBlank()) {
                continue;
            }
            Map<String, Object> value;
            try {
                value = Json.parseObject(t);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                JsonFileException bad = Json.malformed(file, i + 1, e);
                if (dropped != null && i == last - 1) {
                    dropped.accept(bad.getMessage().replace("; the file is truncated or corrupt", "")
                            + "; dropped this truncated last line, which an interrupted writer left");
                    break;
                }
                throw bad;
            }
            out.add(new Line(i + 1, t, value));
        }
        return out;
    }
}
