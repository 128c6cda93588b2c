package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import ncdesign.api.Mode;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.param.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The {@code none} head plugin: no projection, the L2-normalised encoder features themselves. */
@AutoService(HeadProvider.class)
public final class NoneHead implements HeadProvider {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "no projection: the L2-normalised encoder features";
    }

    @Override
    public Head create(Params p) {
        return new Head() {
            @Override
            public int outputDim(int inputDim) {
                return inputDim;
            }

            @Override
            public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                return ProjectionHeads.l2(tf, f);
            }
        };
    }
}
