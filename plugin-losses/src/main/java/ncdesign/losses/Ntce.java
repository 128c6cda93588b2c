package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * The {@code ntce} loss plugin: the class prototype is the anchor and every batch sample is in the denominator
 * (see {@link PrototypeAnchored}).
 */
@AutoService(LossProvider.class)
public final class Ntce implements LossProvider {
    @Override
    public String name() {
        return "ntce";
    }

    @Override
    public String description() {
        return "NTCE: class prototype as anchor, all M batch samples in the denominator (normalised, no bias)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(LossMath.TAU);
    }

    @Override
    public Loss create(Params p) {
        return new PrototypeAnchored("ntce", p.getDouble("tau"), false, false);
    }
}
