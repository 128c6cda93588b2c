package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * NormFace: cross-entropy on cosines over a temperature, −(1/M) Σ_i log softmax_c(u_iᵀŵ_c/τ)[y_i], with
 * u = z/‖z‖, ŵ = w/‖w‖ and no bias. Scores are the cosines.
 */
public final class NormFace implements Loss {
    private final double tau;

    NormFace(double tau) {
        this.tau = tau;
    }

    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        Operand<T> cos = Hypersphere.cosines(tf, in.features(), in.requireWeights("normface"));
        Operand<T> logits = tf.math.div(cos, in.scalar(tf, tau));
        return LossOutput.of(LossMath.meanNll(tf, in, tf.nn.logSoftmax(logits)), cos);
    }

    /** Discovery entry. */
    @AutoService(LossProvider.class)
    public static final class Provider extends SimpleProvider<Loss> implements LossProvider {
        public Provider() {
            super("normface", "NormFace: softmax over cos(u, w_c)/tau, normalised features and weights, no bias",
                    List.of(LossMath.TAU),
                    p -> new NormFace(p.getDouble("tau")));
        }
    }
}
