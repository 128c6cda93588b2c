package ncdesign.backbones;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.param.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The unconstrained-features model of Neural Collapse theory: one learnable d-vector per training sample, looked
 * up by sample id; the images are ignored. Its global optima are what Theorem 4.1 characterises, so it checks the
 * theory in minutes on a CPU. Only the training set is meaningful: test sample ids are mapped onto training rows
 * (id mod N), so test accuracy carries no information for this backbone.
 */
public final class FreeFeatures implements Backbone {
    private final int dim;
    private final double initStd;

    FreeFeatures(int dim, double initStd) {
        this.dim = dim;
        this.initStd = initStd;
    }

    @Override
    public int featureDim(InputSpec spec) {
        return dim;
    }

    @Override
    public Operand<TFloat32> forward(Ops tf, BackboneInput in) {
        int n = Math.max(1, in.spec().numSamples());
        Operand<TFloat32> table = in.vars().trainable("h", Shape.of(n, dim), Initializer.normal(initStd));
        Operand<TInt32> ids = tf.math.floorMod(in.sampleIds(), tf.constant(n));
        return tf.gather(table, ids, tf.constant(0));
    }

    /** Discovery entry. */
    @AutoService(BackboneProvider.class)
    public static final class Provider extends SimpleProvider<Backbone> implements BackboneProvider {
        public Provider() {
            super("free", "unconstrained features: one learnable vector per training sample (NC theory checks)",
                    List.of(
                            ParamSpec.ofInt("dim", 32, "feature dimension d").atLeast(1),
                            ParamSpec.ofDouble("init-std", 1.0, "std of the Gaussian initial features").greaterThan(0)),
                    params -> new FreeFeatures(params.getInt("dim"), params.getDouble("init-std")));
        }
    }
}
