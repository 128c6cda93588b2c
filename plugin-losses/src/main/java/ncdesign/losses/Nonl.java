package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;

/**
 * The {@code nonl} loss plugin (paper Eq. 5): NTCE with only other-class samples, or with {@code negatives=classes}
 * other-class prototypes, as negatives (see {@link PrototypeAnchored}).
 */
@AutoService(LossProvider.class)
public final class Nonl extends SimpleProvider<Loss> implements LossProvider {
    public Nonl() {
        super("nonl", "NONL (Eq. 5): NTCE with only other-class samples (or other-class prototypes) as negatives",
                List.of(LossMath.TAU, ParamSpec.ofChoice("negatives", "batch",
                        "batch = other-class batch samples (paper Eq. 5); classes = other-class prototypes (official code)",
                        "batch", "classes")),
                p -> new PrototypeAnchored("nonl", p.getDouble("tau"), true, p.getString("negatives").equals("classes")));
    }
}
