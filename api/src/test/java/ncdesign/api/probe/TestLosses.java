package ncdesign.api.probe;

import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.FeatureSource;
import ncdesign.api.loss.Hypersphere;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Small losses for the probe's own tests, each with a formula that is easy to check by hand. */
final class TestLosses {
    private TestLosses() {
    }

    /** Softmax cross-entropy over cosine logits cos(z, w)/τ, no bias; scores the cosines; diagnostic {@code rows}. */
    record CosSoftmax(double tau) implements Loss {
        @Override
        public LossNeeds needs() {
            return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, true);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            Operand<T> logits = Hypersphere.cosineLogits(tf, in.features(), in.requireWeights("cos-softmax"), tau);
            Operand<T> onehot = tf.oneHot(in.labels(), tf.constant(in.numClasses()), in.scalar(tf, 1), in.scalar(tf, 0));
            Operand<T> picked = tf.reduceSum(tf.math.mul(logits, onehot), tf.constant(1));
            Operand<T> loss = tf.math.mean(tf.math.sub(Hypersphere.logSumExp(tf, logits), picked), tf.constant(0));
            Operand<T> rows = tf.dtypes.cast(tf.shape.size(in.features(), tf.constant(0)), in.type());
            return new LossOutput<>(loss, Hypersphere.cosines(tf, in.features(), in.weights()), Map.of("rows", rows));
        }

        /** The same in plain Java. */
        static double reference(double[][] z, double[][] w, int[] y, double tau) {
            double total = 0;
            for (int i = 0; i < z.length; i++) {
                double[] logits = new double[w.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    logits[c] = cos(z[i], w[c]) / tau;
                    max = Math.max(max, logits[c]);
                }
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - max);
                }
                total += max + Math.log(sum) - logits[y[i]];
            }
            return total / z.length;
        }

        static double cos(double[] a, double[] b) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int j = 0; j < a.length; j++) {
                ab += a[j] * b[j];
                aa += a[j] * a[j];
                bb += b[j] * b[j];
            }
            return ab / Math.sqrt(aa * bb);
        }
    }

    /** Σ z, doubled in inference mode: shows which mode the loss was built in. No classifier. */
    record ModeSum() implements Loss {
        @Override
        public LossNeeds needs() {
            return LossNeeds.classifier(ClassifierKind.NONE, false);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            Operand<T> sum = tf.reduceSum(in.features(), tf.constant(new int[] {0, 1}));
            return LossOutput.of(in.mode() == Mode.INFER ? tf.math.mul(sum, in.scalar(tf, 2)) : sum, null);
        }
    }

    /** Two views, no classifier: Σ z·v. */
    record TwoViews() implements Loss {
        @Override
        public LossNeeds needs() {
            return new LossNeeds(ClassifierKind.NONE, 2, FeatureSource.PROJECTION, false);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            return LossOutput.of(tf.reduceSum(tf.math.mul(in.features(), in.requireSecondView("two-views")), tf.constant(new int[] {0, 1})), null);
        }
    }

    /** Broken: returns one loss per row instead of a scalar. */
    record PerRow() implements Loss {
        @Override
        public LossNeeds needs() {
            return LossNeeds.classifier(ClassifierKind.NONE, false);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            return LossOutput.of(tf.reduceSum(in.features(), tf.constant(1)), null);
        }
    }

    /** Broken: returns the features [M, d] as class scores instead of [M, K]. */
    record FeatureScores() implements Loss {
        @Override
        public LossNeeds needs() {
            return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, false);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            Operand<T> w = in.requireWeights("feature-scores");
            return LossOutput.of(tf.reduceSum(tf.linalg.matMul(in.features(), w, org.tensorflow.op.linalg.MatMul.transposeB(true)),
                    tf.constant(new int[] {0, 1})), in.features());
        }
    }

    /** Broken: declares classifier weights but never uses them. */
    record IgnoresWeights() implements Loss {
        @Override
        public LossNeeds needs() {
            return LossNeeds.classifier(ClassifierKind.LEARNED_NO_BIAS, false);
        }

        @Override
        public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
            return LossOutput.of(tf.reduceSum(tf.math.square(in.features()), tf.constant(new int[] {0, 1})), null);
        }
    }
}
