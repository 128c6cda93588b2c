package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;

/**
 * The {@code ntce} loss plugin: the class prototype is the anchor and every batch sample is in the denominator
 * (see {@link PrototypeAnchored}).
 */
@AutoService(LossProvider.class)
public final class Ntce extends SimpleProvider<Loss> implements LossProvider {
    public Ntce() {
        super("ntce", "NTCE: class prototype as anchor, all M batch samples in the denominator (normalised, no bias)",
                List.of(LossMath.TAU),
                p -> new PrototypeAnchored("ntce", p.getDouble("tau"), false, false));
    }
}
