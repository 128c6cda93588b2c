package ncdesign.core.plugin;

import java.util.function.Supplier;
import ncdesign.api.PluginException;
import ncdesign.api.error.UserException;

/**
 * The one guard around every call into plugin code (discovery, {@code parameters()}, {@code needs()}, {@code create},
 * {@code build}, {@code forward}, {@code compute}, {@code evaluate}). A plugin compiled against another api throws
 * {@link LinkageError}s ({@code AbstractMethodError}, {@code NoSuchMethodError}), a buggy one anything at all: short
 * of a {@link VirtualMachineError}, whatever it throws becomes one {@link PluginException} line that names the
 * plugin and its module. A {@link UserException} the plugin throws on purpose passes unchanged.
 */
public final class PluginCalls {
    private PluginCalls() {
    }

    /** Calls plugin code; {@code what} completes "loss 'x' (module m) ..." (e.g. "failed", "failed to build its graph"). */
    public static <T> T call(PluginInfo info, String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (UserException e) {
            throw e;
        } catch (Throwable e) { // NOPMD: a plugin may throw anything; VM errors are rethrown below
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            throw PluginException.of(info.kind(), info.name(), info.module(), what + ": " + describe(e), e);
        }
    }

    /** {@code Kind: message} of what a plugin threw, on one line; linkage errors say what they mean. */
    public static String describe(Throwable e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' '));
        if (e instanceof LinkageError) {
            m += " (the plugin was compiled against another version of ncdesign.api or of a library it uses; rebuild it"
                    + " against the runtime's, see 'ncd plugins')";
        }
        return m;
    }

    /** The innermost cause: what the plugin itself threw, under ServiceConfigurationError or InvocationTargetException. */
    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether a throwable must not be caught by a guard (the VM is in trouble, not the plugin). */
    static boolean fatal(Throwable e) {
        return e instanceof VirtualMachineError;
    }
}
