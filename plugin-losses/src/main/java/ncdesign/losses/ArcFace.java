package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/** The {@code arcface} loss plugin: additive angular margin (see {@link Margins}). */
@AutoService(LossProvider.class)
public final class ArcFace implements LossProvider {
    @Override
    public String name() {
        return "arcface";
    }

    @Override
    public String description() {
        return "ArcFace: additive angular margin, target logit cos(theta + m)/tau";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(LossMath.TAU, ParamSpec.ofDouble("margin", 0.5, "additive angular margin m (radians)").atLeast(0).atMost(1.5));
    }

    @Override
    public Loss create(Params p) {
        return new Margins(true, p.getDouble("tau"), p.getDouble("margin"));
    }
}
