package ncdesign.backbones.head;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.api.backbone.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The {@code none} head plugin: no projection, the L2-normalised encoder features themselves. */
@AutoService(HeadProvider.class)
public final class NoneHead extends SimpleProvider<Head> implements HeadProvider {
    public NoneHead() {
        super("none", "no projection: the L2-normalised encoder features",
                List.of(),
                p -> new Head() {
                    @Override
                    public int outputDim(int inputDim) {
                        return inputDim;
                    }

                    @Override
                    public Operand<TFloat32> forward(Ops tf, Operand<TFloat32> f, int d, Mode mode, VariableStore vars) {
                        return ProjectionHeads.l2(tf, f);
                    }
                });
    }
}
