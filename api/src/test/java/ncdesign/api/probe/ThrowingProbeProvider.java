package ncdesign.api.probe;

import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;

/** {@code probe-throws}: a provider whose create fails, as a buggy plugin's would. */
public final class ThrowingProbeProvider extends SimpleProvider<Loss> implements LossProvider {
    public ThrowingProbeProvider() {
        super("probe-throws", "fails when created", List.of(), p -> {
            throw new IllegalStateException("boom");
        });
    }
}
