package ncdesign.features;

import ncdesign.api.PluginException;

/** A feature cache or NumPy file that cannot be used; one line naming the file. */
public final class CacheException extends PluginException {
    private static final long serialVersionUID = 1L;

    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
