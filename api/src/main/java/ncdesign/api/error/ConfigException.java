package ncdesign.api.error;

/** A bad option, plugin parameter, configuration file or CLI value; the message names it and what is allowed. */
public class ConfigException extends UserException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
