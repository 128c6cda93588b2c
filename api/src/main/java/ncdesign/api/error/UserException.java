package ncdesign.api.error;

import ncdesign.api.annotation.Stable;

/**
 * An error a user can act on: the message is one line that names the problem and the fix.
 * The CLI prints only the message of this exception (no stack trace) and exits with status 2.
 * Throw one of its subtypes: {@link ConfigException}, {@link DataException} or {@link ncdesign.api.PluginException}.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
