package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * The {@code prototype} loss plugin (paper Eq. 6): batch class means of two views as implicit prototypes (see
 * {@link Contrastive}).
 */
@AutoService(LossProvider.class)
public final class Prototype implements LossProvider {
    @Override
    public String name() {
        return "prototype";
    }

    @Override
    public String description() {
        return "prototype contrast (Eq. 6): batch class means of two views as implicit prototypes";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(LossMath.TAU, ParamSpec.ofBoolean("normalize-means", false, "use L2-normalised class means"));
    }

    @Override
    public Loss create(Params p) {
        return new Contrastive(true, p.getDouble("tau"), 1, p.getBoolean("normalize-means"));
    }
}
