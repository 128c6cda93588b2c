package ncdesign.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A JSON file that does not parse, or one line of a JSON-lines file that does not: the message names the file and
 * the line ({@code runs/a/metrics.jsonl, line 3: not valid JSON (...); the file is truncated or corrupt}), so a
 * caller can show it as the one line a user reads.
 */
public final class JsonFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file that does not parse. */
    private final transient Path file;
    private final int line;

    /**
     * @param file    the file
     * @param line    the 1-based line that does not parse
     * @param problem what is wrong with it
     * @param cause   the parser's error, or null
     */
    public JsonFileException(Path file, int line, String problem, Throwable cause) {
        super(file + ", line " + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file that does not parse. */
    public Path file() {
        return file;
    }

    /** The 1-based line that does not parse. */
    public int line() {
        return line;
    }
}
