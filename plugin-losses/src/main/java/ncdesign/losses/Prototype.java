package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/**
 * The {@code prototype} loss plugin (paper Eq. 6): batch class means of two views as implicit prototypes (see
 * {@link Contrastive}).
 */
@AutoService(LossProvider.class)
public final class Prototype extends SimpleProvider<Loss> implements LossProvider {
    public Prototype() {
        super("prototype", "prototype contrast (Eq. 6): batch class means of two views as implicit prototypes",
                List.of(LossMath.TAU, ParamSpec.ofBoolean("normalize-means", false, "use L2-normalised class means")),
                p -> new Contrastive(true, p.getDouble("tau"), 1, p.getBoolean("normalize-means")));
    }
}
