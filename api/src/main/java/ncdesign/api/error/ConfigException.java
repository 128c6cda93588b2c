package ncdesign.api.error;

import ncdesign.api.annotation.Stable;

/**
 * A bad option, plugin parameter, configuration file or CLI value; the message names it and what is allowed.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public class ConfigException extends UserException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
