package ncdesign.testkit;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;

/** Finds a loss by name among the providers visible to the caller, with parameters — for conformance tests. */
public final class Losses {
    private Losses() {
    }

    /** The loss {@code name} made with {@code params} (the others at their defaults). */
    public static Loss named(String name, Map<String, ?> params) {
        return ProviderChecks.create(Plugins.provider(LossProvider.class, name), params);
    }
}
