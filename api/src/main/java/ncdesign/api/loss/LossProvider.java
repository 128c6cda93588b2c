package ncdesign.api.loss;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;

/** Discovered factory of {@link Loss}es. */
public interface LossProvider extends PluginProvider<Loss> {
    @Override
    default PluginKind kind() {
        return PluginKind.LOSS;
    }
}
