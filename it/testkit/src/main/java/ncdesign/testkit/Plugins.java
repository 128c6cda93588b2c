package ncdesign.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import ncdesign.api.PluginProvider;

/**
 * Finds a provider by name among those {@link ServiceLoader} sees from the caller (the class path or module path of
 * the test), e.g. {@code Plugins.provider(LossProvider.class, "ce")}, for kits over plugins that are discovered
 * rather than constructed.
 */
public final class Plugins {
    private Plugins() {
    }

    /**
     * The provider of {@code type} named {@code name}.
     *
     * @throws IllegalArgumentException listing the names that are visible, when none is called {@code name}
     */
    public static <P extends PluginProvider<?>> P provider(Class<P> type, String name) {
        List<String> seen = new ArrayList<>();
        for (P p : ServiceLoader.load(type)) {
            if (p.name().equals(name)) {
                return p;
            }
            seen.add(p.name());
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " named '" + name + "' is visible; visible: " + seen);
    }
}
