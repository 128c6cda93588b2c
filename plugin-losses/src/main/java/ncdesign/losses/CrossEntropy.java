package ncdesign.losses;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Standard cross-entropy on unnormalised logits: loss = −(1/M) Σ_i log softmax(z_iᵀW + b)[y_i].
 * The classifier is learned, with bias. Scores are the logits.
 */
public final class CrossEntropy implements Loss {

    @Override
    public LossNeeds needs() {
        return LossNeeds.classifier(ClassifierKind.LEARNED_WITH_BIAS, false);
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        Operand<T> logits = tf.nn.biasAdd(
                tf.linalg.matMul(in.features(), in.requireWeights("ce"), org.tensorflow.op.linalg.MatMul.transposeB(true)),
                in.requireBias("ce"));
        return LossOutput.of(LossMath.meanNll(tf, in, tf.nn.logSoftmax(logits)), logits);
    }

    /** Discovery entry. */
    @AutoService(LossProvider.class)
    public static final class Provider extends SimpleProvider<Loss> implements LossProvider {
        public Provider() {
            super("ce", "cross-entropy on z·w + b (learned classifier with bias, unnormalised)",
                    List.of(),
                    params -> new CrossEntropy());
        }
    }
}
