package ncdesign.api.backbone;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.annotation.Stable;

/**
 * Discovered factory of {@link Backbone}s.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface BackboneProvider extends PluginProvider<Backbone> {
    @Override
    default PluginKind kind() {
        return PluginKind.BACKBONE;
    }
}
