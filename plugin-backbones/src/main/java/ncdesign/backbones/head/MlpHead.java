package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import ncdesign.backbones.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The {@code mlp} head plugin: Linear(d, d) → ReLU → Linear(d, dim), L2-normalised (SupCon's head). */
@AutoService(HeadProvider.class)
public final class MlpHead implements HeadProvider {
    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "Linear(d,d) -> ReLU -> Linear(d,dim), L2-normalised (SupCon's head)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ProjectionHeads.DIM);
    }

    @Override
    public Head create(Params p) {
        int out = p.getInt("dim");
        return new Head() {
            @Override
            public int outputDim(int inputDim) {
                return out;
            }

            @Override
            public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                Operand<TFloat32> h = tf.nn.relu(Layers.dense(tf, vars, "fc1", f, d, d, true));
                return ProjectionHeads.l2(tf, Layers.dense(tf, vars, "fc2", h, d, out, true));
            }
        };
    }
}
