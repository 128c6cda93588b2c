package ncdesign.data;

import java.nio.file.Path;
import ncdesign.api.PluginException;

/** A dataset that cannot be used; the message names the file and the problem in one line. */
public final class DataException extends PluginException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
