package ncdesign.api.error;

import java.nio.file.Path;
import ncdesign.api.annotation.Stable;

/**
 * A dataset, feature cache, .npy/Arrow file, run folder, exported model or image that cannot be used;
 * the message names the file and the problem in one line.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public class DataException extends UserException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
