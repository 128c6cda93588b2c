package ncdesign.features;

import ncdesign.api.error.DataException;

/** A feature cache or NumPy file that cannot be used; one line naming the file. A {@link DataException}. */
public final class CacheException extends DataException {
    private static final long serialVersionUID = 1L;

    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
