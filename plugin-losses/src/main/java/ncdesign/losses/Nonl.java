package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * The {@code nonl} loss plugin (paper Eq. 5): NTCE with only other-class samples, or with {@code negatives=classes}
 * other-class prototypes, as negatives (see {@link PrototypeAnchored}).
 */
@AutoService(LossProvider.class)
public final class Nonl implements LossProvider {
    @Override
    public String name() {
        return "nonl";
    }

    @Override
    public String description() {
        return "NONL (Eq. 5): NTCE with only other-class samples (or other-class prototypes) as negatives";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(LossMath.TAU, ParamSpec.ofChoice("negatives", "batch",
                "batch = other-class batch samples (paper Eq. 5); classes = other-class prototypes (official code)",
                "batch", "classes"));
    }

    @Override
    public Loss create(Params p) {
        return new PrototypeAnchored("nonl", p.getDouble("tau"), true, p.getString("negatives").equals("classes"));
    }
}
