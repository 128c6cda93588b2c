package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/** The {@code scl} loss plugin (paper Eq. 2): supervised contrastive on two views (see {@link Contrastive}). */
@AutoService(LossProvider.class)
public final class Scl extends SimpleProvider<Loss> implements LossProvider {
    public Scl() {
        super("scl", "supervised contrastive (Eq. 2) on two views of projection-head features",
                List.of(LossMath.TAU,
                        ParamSpec.ofBoolean("scale-by-base-tau", false, "multiply the loss by tau/base-tau"),
                        ParamSpec.ofDouble("base-tau", 0.07, "base temperature for scale-by-base-tau").greaterThan(0)),
                p -> {
                    double tau = p.getDouble("tau");
                    return new Contrastive(false, tau, p.getBoolean("scale-by-base-tau") ? tau / p.getDouble("base-tau") : 1, false);
                });
    }
}
