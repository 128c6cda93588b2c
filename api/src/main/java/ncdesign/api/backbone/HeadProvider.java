package ncdesign.api.backbone;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;

/** Discovered factory of projection {@link Head}s. */
public interface HeadProvider extends PluginProvider<Head> {
    @Override
    default PluginKind kind() {
        return PluginKind.HEAD;
    }
}
