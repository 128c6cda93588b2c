package ncdesign.core.plugin;

/**
 * A plugin that could not be loaded, or a conflict between plugins. Discovery keeps going; problems are
 * listed by {@code ncd plugins} and named when the affected plugin is asked for.
 *
 * @param source  the module or jar concerned
 * @param message one line
 */
public record PluginProblem(String source, String message) {
}
