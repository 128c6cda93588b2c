package com.example.smoothing;

import java.util.List;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.family.TFloating;

/** Cross-entropy with label smoothing: targets (1−ε)·onehot + ε/K. */
public final class LabelSmoothingProvider implements LossProvider {
    @Override
    public String name() {
        return "label-smoothing";
    }

    @Override
    public String description() {
        return "cross-entropy with label smoothing (example third-party plugin)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.ofDouble("smoothing", 0.1, "ε, the probability mass spread over all classes").atLeast(0).atMost(1));
    }

    @Override
    public Loss create(Params params) {
        double eps = params.getDouble("smoothing");
        return new Loss() {
            @Override
            public LossNeeds needs() {
                return LossNeeds.classifier(ClassifierKind.LEARNED_WITH_BIAS, false);
            }

            @Override
            public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
                Operand<T> logits = tf.nn.biasAdd(
                        tf.linalg.matMul(in.features(), in.requireWeights(name()), MatMul.transposeB(true)),
                        in.requireBias(name()));
                int k = in.numClasses();
                Operand<T> target = tf.oneHot(in.labels(), tf.constant(k),
                        in.scalar(tf, 1 - eps + eps / k), in.scalar(tf, eps / k));
                Operand<T> perSample = tf.reduceSum(tf.math.mul(target, tf.nn.logSoftmax(logits)), tf.constant(1), ReduceSum.keepDims(false));
                return LossOutput.of(tf.math.neg(tf.math.mean(perSample, tf.constant(0))), logits);
            }
        };
    }
}
