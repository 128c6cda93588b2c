package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/** The {@code cosface} loss plugin: additive cosine margin (see {@link Margins}). */
@AutoService(LossProvider.class)
public final class CosFace implements LossProvider {
    @Override
    public String name() {
        return "cosface";
    }

    @Override
    public String description() {
        return "CosFace: additive cosine margin, target logit (cos - m)/tau";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(LossMath.TAU, ParamSpec.ofDouble("margin", 0.35, "additive cosine margin m").atLeast(0).atMost(1));
    }

    @Override
    public Loss create(Params p) {
        return new Margins(false, p.getDouble("tau"), p.getDouble("margin"));
    }
}
