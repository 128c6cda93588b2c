package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.backbones.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The {@code mlp} head plugin: Linear(d, d) → ReLU → Linear(d, dim), L2-normalised (SupCon's head). */
@AutoService(HeadProvider.class)
public final class MlpHead extends SimpleProvider<Head> implements HeadProvider {
    public MlpHead() {
        super("mlp", "Linear(d,d) -> ReLU -> Linear(d,dim), L2-normalised (SupCon's head)",
                List.of(ProjectionHeads.DIM),
                p -> ProjectionHeads.learned(p, (tf, vars, f, d, out) -> {
                    Operand<TFloat32> h = tf.nn.relu(Layers.dense(tf, vars, "fc1", f, d, d, true));
                    return Layers.dense(tf, vars, "fc2", h, d, out, true);
                }));
    }
}
