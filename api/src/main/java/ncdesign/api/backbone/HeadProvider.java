package ncdesign.api.backbone;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.annotation.Stable;

/**
 * Discovered factory of projection {@link Head}s.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface HeadProvider extends PluginProvider<Head> {
    @Override
    default PluginKind kind() {
        return PluginKind.HEAD;
    }
}
