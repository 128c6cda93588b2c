package ncdesign.testkit;

import java.util.Map;
import java.util.ServiceLoader;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;

/** Finds a loss by name among the providers visible to the caller, with parameters — for conformance tests. */
public final class Losses {
    private Losses() {
    }

    public static Loss named(String name, Map<String, ?> params) {
        for (LossProvider p : ServiceLoader.load(LossProvider.class)) {
            if (p.name().equals(name)) {
                return p.create(Params.resolve("loss '" + name + "'", p.parameters(), params));
            }
        }
        throw new IllegalArgumentException("no loss provider named '" + name + "' is visible");
    }
}
