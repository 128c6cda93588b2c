/**
 * The errors a user can act on. {@link ncdesign.api.error.UserException} is the base: its message is one line
 * naming the problem and the fix, and the CLI prints only that line ({@code ncd: error: ...}, exit 2).
 * {@link ncdesign.api.error.ConfigException} is for bad options, plugin parameters, configuration files and CLI
 * values; {@link ncdesign.api.error.DataException} for datasets, feature caches, .npy/Arrow files, run folders and
 * images; {@link ncdesign.api.PluginException} (kept in {@code ncdesign.api} for third-party plugins) for a plugin
 * that misbehaves. This package depends on nothing else in ncdesign.
 */
package ncdesign.api.error;
