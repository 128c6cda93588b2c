package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/** The {@code cosface} loss plugin: additive cosine margin (see {@link Margins}). */
@AutoService(LossProvider.class)
public final class CosFace extends SimpleProvider<Loss> implements LossProvider {
    public CosFace() {
        super("cosface", "CosFace: additive cosine margin, target logit (cos - m)/tau",
                List.of(LossMath.TAU, ParamSpec.ofDouble("margin", 0.35, "additive cosine margin m").atLeast(0).atMost(1)),
                p -> new Margins(false, p.getDouble("tau"), p.getDouble("margin")));
    }
}
