package ncdesign.data;

import java.nio.file.Path;
import ncdesign.api.PluginException;

/** A dataset that cannot be used; the message names the file and the problem in one line. */
public final class DataException extends PluginException {
    public DataException(String message) {
        super(message);
    }

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
