package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.Mode;
import ncdesign.api.SimpleProvider;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.StateVariable;
import ncdesign.api.backbone.VariableStore;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * ETF+DR (Yang et al. 2022): a fixed simplex-ETF classifier M (the runtime builds it, see
 * {@link ncdesign.api.loss.SimplexEtf}); features pass a BatchNorm and L2 normalisation to h_i, and the dot-regression
 * loss ½·mean_i (h_iᵀm_{y_i} − ‖m_{y_i}‖‖h_i‖)²/‖h_i‖ is minimised with ‖h_i‖ held constant in the gradient.
 * Predictions are argmax_c h_iᵀm_c.
 */
public final class EtfDr implements Loss {
    private static final double MOMENTUM = 0.1;
    private static final double EPS = 1e-5;

    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.FIXED_ETF, false);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        Operand<T> z = in.features();
        Operand<T> m = in.requireWeights("etf-dr");
        Operand<T> h = Hypersphere.normalize(tf, batchNorm(tf, in, z));
        Operand<T> hNorm = tf.stopGradient(tf.math.sqrt(tf.reduceSum(tf.math.square(h), tf.constant(1))));
        Operand<T> target = tf.linalg.matMul(LossMath.oneHot(tf, in), m);                  // m_{y_i}
        Operand<T> mNorm = tf.math.sqrt(tf.reduceSum(tf.math.square(target), tf.constant(1)));
        Operand<T> dot = tf.reduceSum(tf.math.mul(h, target), tf.constant(1));
        Operand<T> diff = tf.math.sub(dot, tf.math.mul(mNorm, hNorm));
        Operand<T> loss = tf.math.mul(in.scalar(tf, 0.5),
                tf.math.mean(tf.math.div(tf.math.square(diff), tf.math.maximum(hNorm, in.scalar(tf, 1e-12))), tf.constant(0)));
        return LossOutput.of(loss, LossMath.matMulT(tf, h, m));
    }

    /** BatchNorm over the batch axis: batch statistics (running averages updated) in training, running ones at inference. */
    private <T extends TFloating> Operand<T> batchNorm(Ops tf, LossInputs<T> in, Operand<T> z) {
        int d = (int) z.shape().get(1);
        if (d < 0) {
            throw new IllegalArgumentException("etf-dr needs a static feature dimension");
        }
        VariableStore vars = in.vars();
        Operand<T> gamma = tf.dtypes.cast(vars.trainableNoDecay("bn/gamma", Shape.of(d), Initializer.constant(1f)), in.type());
        Operand<T> beta = tf.dtypes.cast(vars.trainableNoDecay("bn/beta", Shape.of(d), Initializer.zeros()), in.type());
        StateVariable runMean = vars.state("bn/running_mean", Shape.of(d), Initializer.zeros());
        StateVariable runVar = vars.state("bn/running_var", Shape.of(d), Initializer.constant(1f));
        Operand<T> mean;
        Operand<T> var;
        if (in.mode() == Mode.TRAIN) {
            mean = tf.math.mean(z, tf.constant(0), org.tensorflow.op.math.Mean.keepDims(true));
            var = tf.math.mean(tf.math.square(tf.math.sub(z, mean)), tf.constant(0), org.tensorflow.op.math.Mean.keepDims(true));
            Operand<T> m = tf.dtypes.cast(LossMath.rows(tf, z), in.type());
            Operand<TFloat32> bm = tf.dtypes.cast(tf.reshape(mean, tf.constant(new int[] {-1})), TFloat32.class);
            Operand<TFloat32> bv = tf.dtypes.cast(tf.reshape(tf.math.div(tf.math.mul(var, m),
                    tf.math.maximum(tf.math.sub(m, in.scalar(tf, 1)), in.scalar(tf, 1))), tf.constant(new int[] {-1})), TFloat32.class);
            Operand<TFloat32> keep = tf.constant((float) (1 - MOMENTUM));
            Operand<TFloat32> mom = tf.constant((float) MOMENTUM);
            vars.onTrainStep(runMean.assign(tf, tf.math.add(tf.math.mul(runMean.value(), keep), tf.math.mul(tf.stopGradient(bm), mom))));
            vars.onTrainStep(runVar.assign(tf, tf.math.add(tf.math.mul(runVar.value(), keep), tf.math.mul(tf.stopGradient(bv), mom))));
        } else {
            mean = tf.dtypes.cast(runMean.value(), in.type());
            var = tf.dtypes.cast(runVar.value(), in.type());
        }
        Operand<T> norm = tf.math.div(tf.math.sub(z, mean), tf.math.sqrt(tf.math.add(var, in.scalar(tf, EPS))));
        return tf.math.add(tf.math.mul(norm, gamma), beta);
    }

    /** Discovery entry. */
    @AutoService(LossProvider.class)
    public static final class Provider extends SimpleProvider<Loss> implements LossProvider {
        public Provider() {
            super("etf-dr",
                    "ETF+DR: fixed simplex-ETF classifier, BatchNorm + L2 features, dot-regression loss (needs d >= K)",
                    List.of(),
                    p -> new EtfDr());
        }
    }
}
