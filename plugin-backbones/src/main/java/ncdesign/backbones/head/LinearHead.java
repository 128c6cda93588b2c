package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.backbones.layers.Layers;

/** The {@code linear} head plugin: Linear(d, dim), L2-normalised. */
@AutoService(HeadProvider.class)
public final class LinearHead extends SimpleProvider<Head> implements HeadProvider {
    public LinearHead() {
        super("linear", "Linear(d,dim), L2-normalised",
                List.of(ProjectionHeads.DIM),
                p -> ProjectionHeads.learned(p, (tf, vars, f, d, out) -> Layers.dense(tf, vars, "fc", f, d, out, true)));
    }
}
