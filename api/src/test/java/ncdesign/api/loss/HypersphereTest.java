package ncdesign.api.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.junit.jupiter.api.Test;

/** The public hypersphere helpers against plain Java formulas, in float64 and float32. */
class HypersphereTest {
    private static final double[][] X = {{3, 4, 0}, {0, 0, 0}, {-1, 2, 2}};
    private static final double[][] W = {{1, 0, 0}, {0, 2, 0}};

    /** Runs {@code f} on the float64 constant {@code X} and returns its value as a matrix (a vector as one row). */
    private static double[][] eval(Function<Ops, Operand<TFloat64>> f) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            try (Result r = s.runner().fetch(f.apply(tf)).run()) {
                return matrix((TFloat64) r.get(0));
            }
        }
    }

    private static double[][] matrix(TFloat64 t) {
        Shape s = t.shape();
        if (s.numDimensions() == 1) {
            double[] v = new double[(int) s.get(0)];
            for (int j = 0; j < v.length; j++) {
                v[j] = t.getDouble(j);
            }
            return new double[][] {v};
        }
        double[][] m = new double[(int) s.get(0)][(int) s.get(1)];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = t.getDouble(i, j);
            }
        }
        return m;
    }

    @Test
    void normalizeGivesUnitRowsAndLeavesAZeroRowZero() {
        double[][] u = eval(tf -> Hypersphere.normalize(tf, tf.constant(X)));
        assertThat(u[0]).containsExactly(new double[] {0.6, 0.8, 0}, within(1e-15));
        assertThat(u[1]).containsExactly(0, 0, 0);
        assertThat(u[2]).containsExactly(new double[] {-1 / 3.0, 2 / 3.0, 2 / 3.0}, within(1e-15));
    }

    @Test
    void cosinesAndCosineLogitsAreNormalisedDotProductsOverTau() {
        double[][] cos = eval(tf -> Hypersphere.cosines(tf, tf.constant(X), tf.constant(W)));
        assertThat(cos).hasDimensions(3, 2);
        assertThat(cos[0]).containsExactly(new double[] {0.6, 0.8}, within(1e-15));
        assertThat(cos[1]).containsExactly(0, 0);
        assertThat(cos[2]).containsExactly(new double[] {-1 / 3.0, 2 / 3.0}, within(1e-15));
        double[][] logits = eval(tf -> Hypersphere.cosineLogits(tf, tf.constant(X), tf.constant(W), 0.25));
        assertThat(logits[0]).containsExactly(new double[] {2.4, 3.2}, within(1e-14));
        assertThatThrownBy(() -> eval(tf -> Hypersphere.cosineLogits(tf, tf.constant(X), tf.constant(W), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    }

    @Test
    void logSumExpIsStableWhereTheNaiveFormulaOverflows() {
        double[][] big = {{1000, 1001, 999}, {-1000, -1000, -1000}, {0, Math.log(2), Math.log(3)}};
        double[] lse = eval(tf -> Hypersphere.logSumExp(tf, tf.constant(big)))[0];
        assertThat(lse[0]).isCloseTo(1001 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), within(1e-12));
        assertThat(lse[1]).isCloseTo(-1000 + Math.log(3), within(1e-12));
        assertThat(lse[2]).isCloseTo(Math.log(6), within(1e-15));
        // float32: logits of 1/τ = 100 on cosines stay finite
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(new float[][] {{100f, 99f, -100f}});
            try (Result r = s.runner().fetch(Hypersphere.logSumExp(tf, x)).run()) {
                assertThat((double) ((TFloat32) r.get(0)).getFloat(0)).isCloseTo(100 + Math.log(1 + Math.exp(-1)), within(1e-4));
            }
        }
    }

    @Test
    void maskedLogSumExpIgnoresMaskedEntriesInValueAndGradient() {
        double[][] x = {{1, 2, 1e4}, {5, -3, 0.5}, {7, 8, 9}};
        boolean[][] mask = {{true, true, false}, {false, true, true}, {false, false, false}};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat64> in = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(3, 3)));
            Operand<TBool> m = tf.constant(mask);
            Operand<TFloat64> lse = Hypersphere.maskedLogSumExp(tf, in, m);
            Output<?>[] grad = g.addGradients(tf.reduceSum(lse, tf.constant(0)).asOutput(), new Output<?>[] {in.asOutput()});
            try (TFloat64 feed = TFloat64.tensorOf(Shape.of(3, 3), d -> {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        d.setDouble(x[i][j], i, j);
                    }
                }
            }); Result r = s.runner().feed(in, feed).fetch(lse).fetch(grad[0]).run()) {
                double[] v = matrix((TFloat64) r.get(0))[0];
                double[][] dx = matrix((TFloat64) r.get(1));
                assertThat(v[0]).isCloseTo(Math.log(Math.exp(1) + Math.exp(2)), within(1e-12));
                assertThat(v[1]).isCloseTo(Math.log(Math.exp(-3) + Math.exp(0.5)), within(1e-12));
                assertThat(v[2]).as("a row without a selected entry").isFinite().isLessThan(-60);
                // softmax weights over the selected entries, exactly 0 elsewhere
                assertThat(dx[0][0]).isCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(2)), within(1e-12));
                assertThat(dx[0][2]).isZero();
                assertThat(dx[1][0]).isZero();
                assertThat(dx[2]).containsExactly(0, 0, 0);
            }
        }
    }
}
