package ncdesign.core;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import ncdesign.api.error.UserException;
import ncdesign.io.JsonFileException;

/**
 * The one line a user reads for a failure: {@code ncd: error: ...} for a user error (configuration, data, plugin),
 * a file that does not parse, or an I/O failure; none for an internal error. The CLI prints it, and a run with a
 * folder writes the same line into its log.txt.
 */
public final class ErrorLines {
    private ErrorLines() {
    }

    /** The {@code ncd: error: ...} line of {@code ex}, or null when it is an internal error (a bug to report). */
    public static String of(Throwable ex) {
        UserException user = first(ex, UserException.class);
        if (user != null) {
            return "ncd: error: " + oneLine(user.getMessage());
        }
        JsonFileException json = first(ex, JsonFileException.class);
        if (json != null) {
            return "ncd: error: " + oneLine(json.getMessage());
        }
        IOException io = first(ex, IOException.class);
        if (io == null) {
            return null;
        }
        String what = io instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
        String reason = io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(io.getMessage());
        return "ncd: error: I/O failure: " + what + oneLine(reason)
                + (reason.toLowerCase(Locale.ROOT).contains("space") ? "; free some disk space or choose another --out" : "");
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replace('\n', ' ');
    }

    private static <T extends Throwable> T first(Throwable ex, Class<T> kind) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }
}
