/**
 * Plugin discovery: {@link ncdesign.core.plugin.PluginRegistry} finds every loss, backbone, head, metric and evaluator
 * provider on the module path and in the modular jars of a plugins folder (loaded into a child module layer), and
 * records what it found ({@link ncdesign.core.plugin.PluginInfo}) and what failed to load
 * ({@link ncdesign.core.plugin.PluginProblem}), so one broken plugin never takes the others down. It loads and
 * describes plugins; it must not build graphs or train.
 */
package ncdesign.core.plugin;
