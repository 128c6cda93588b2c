package ncdesign.api.backbone;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;

/** Discovered factory of {@link Backbone}s. */
public interface BackboneProvider extends PluginProvider<Backbone> {
    @Override
    default PluginKind kind() {
        return PluginKind.BACKBONE;
    }
}
