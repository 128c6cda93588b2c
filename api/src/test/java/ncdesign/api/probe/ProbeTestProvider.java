package ncdesign.api.probe;

import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/** {@code probe-cos}: {@link TestLosses.CosSoftmax}, found by {@link LossProbe#create} through META-INF/services. */
public final class ProbeTestProvider extends SimpleProvider<Loss> implements LossProvider {
    public ProbeTestProvider() {
        super("probe-cos", "cosine softmax for the probe's tests",
                List.of(ParamSpec.ofDouble("tau", 0.5, "temperature").greaterThan(0)),
                p -> new TestLosses.CosSoftmax(p.getDouble("tau")));
    }
}
