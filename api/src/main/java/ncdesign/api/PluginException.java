package ncdesign.api;

/**
 * An error a user can act on: the message is one line that names the problem and the fix.
 * The CLI prints only the message of this exception (no stack trace) and exits non-zero.
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
