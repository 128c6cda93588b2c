package ncdesign.api;

import ncdesign.api.annotation.Stable;
import ncdesign.api.error.UserException;

/**
 * A plugin that misbehaves: it throws, returns wrong shapes or declares itself wrongly. Plugins throw it for
 * their own parameter and shape problems; the runtime wraps a plugin's failure in one made by
 * {@link #of(PluginKind, String, String, String, Throwable)}, whose message names the plugin and its module.
 * Like every {@link UserException}, the message is one line and the CLI prints only it.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public class PluginException extends UserException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure of the {@code kind} plugin {@code name} from {@code module}:
     * {@code "<kind> '<name>' (module <module>) <problem>"}, e.g. {@code "loss 'nonl' (module ncdesign.losses) failed: ..."}.
     *
     * @param module the plugin's module name, or null/blank when unknown (then left out)
     * @param cause  what the plugin threw, or null
     */
    public static PluginException of(PluginKind kind, String name, String module, String problem, Throwable cause) {
        String who = kind.label() + " '" + name + "'" + (module == null || module.isBlank() ? "" : " (module " + module + ")");
        return new PluginException(who + " " + problem, cause);
    }
}
