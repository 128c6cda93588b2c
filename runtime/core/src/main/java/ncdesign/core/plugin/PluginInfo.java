package ncdesign.core.plugin;

import java.util.List;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.param.ParamSpec;

/**
 * A discovered plugin: its provider and where it came from.
 *
 * @param kind        loss, backbone, metric or evaluator
 * @param name        the provider's name
 * @param description one line
 * @param module      the JPMS module that provides it ("(class path)" for unnamed modules)
 * @param version     the module's version, or "-"
 * @param source      "module path" or the plugin jar's file name
 * @param provider    the provider itself
 */
public record PluginInfo(
        PluginKind kind,
        String name,
        String description,
        String module,
        String version,
        String source,
        PluginProvider<?> provider) {

    public List<ParamSpec> parameters() {
        return provider.parameters();
    }
}
