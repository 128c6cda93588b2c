package ncdesign.api.error;

/**
 * An error a user can act on: the message is one line that names the problem and the fix.
 * The CLI prints only the message of this exception (no stack trace) and exits with status 2.
 * Throw one of its subtypes: {@link ConfigException}, {@link DataException} or {@link ncdesign.api.PluginException}.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
