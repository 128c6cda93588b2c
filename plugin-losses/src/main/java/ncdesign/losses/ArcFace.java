package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/** The {@code arcface} loss plugin: additive angular margin (see {@link Margins}). */
@AutoService(LossProvider.class)
public final class ArcFace extends SimpleProvider<Loss> implements LossProvider {
    public ArcFace() {
        super("arcface", "ArcFace: additive angular margin, target logit cos(theta + m)/tau",
                List.of(LossMath.TAU, ParamSpec.ofDouble("margin", 0.5, "additive angular margin m (radians)").atLeast(0).atMost(1.5)),
                p -> new Margins(true, p.getDouble("tau"), p.getDouble("margin")));
    }
}
