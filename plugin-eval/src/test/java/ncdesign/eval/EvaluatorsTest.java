package ncdesign.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import ncdesign.api.PluginException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalResult;
import ncdesign.api.eval.EvaluatorProvider;
import ncdesign.api.eval.Split;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.param.Params;
import org.junit.jupiter.api.Test;

class EvaluatorsTest {
    /** In-memory feature set with an optional head column. */
    record Set(float[] f, int d, float[] h, int hd, int[] y, int k, String col) implements FeatureSet {
        @Override
        public int size() {
            return y.length;
        }

        @Override
        public int dim() {
            return col.equals("features") ? d : hd;
        }

        @Override
        public int numClasses() {
            return k;
        }

        @Override
        public int[] labels() {
            return y;
        }

        @Override
        public Optional<int[]> predictions() {
            return Optional.empty();
        }

        @Override
        public Optional<float[][]> weights() {
            return Optional.empty();
        }

        @Override
        public Optional<float[]> bias() {
            return Optional.empty();
        }

        @Override
        public List<String> columns() {
            return h == null ? List.of("features") : List.of("features", "head_features");
        }

        @Override
        public String column() {
            return col;
        }

        @Override
        public FeatureSet select(String c) {
            return new Set(f, d, h, hd, y, k, c);
        }

        @Override
        public void forEachBlock(BlockVisitor v) {
            float[] data = col.equals("features") ? f : h;
            int dd = dim();
            for (int off = 0; off < y.length; off += 7) {
                int rows = Math.min(7, y.length - off);
                float[] buf = java.util.Arrays.copyOfRange(data, off * dd, (off + rows) * dd);
                v.accept(off, rows, buf);
            }
        }
    }

    static EvalContext context(FeatureSet train, FeatureSet test) {
        return new EvalContext() {
            @Override
            public int numClasses() {
                return train.numClasses();
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public FeatureSet features(Split split) {
                return split == Split.TRAIN ? train : test;
            }

            @Override
            public long encoderPasses(Split split) {
                return features(split).size();
            }

            @Override
            public FeatureSet augmentedTrainFeatures(int epoch) {
                return train;
            }

            @Override
            public long seed() {
                return 1;
            }
        };
    }

    static Set random(int n, int d, int hd, int k, long seed, double separation) {
        Random r = new Random(seed);
        float[] f = new float[n * d];
        float[] h = new float[n * hd];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) (r.nextGaussian() + (j % k == y[i] ? separation : 0));
            }
            for (int j = 0; j < hd; j++) {
                h[i * hd + j] = (float) (r.nextGaussian() + (j % k == y[i] ? separation : 0));
            }
        }
        return new Set(f, d, h, hd, y, k, "features");
    }

    static EvalResult run(EvaluatorProvider p, Map<String, Object> params, EvalContext ctx) {
        return p.create(Params.resolve(p.name(), p.parameters(), params)).evaluate(ctx);
    }

    @Test
    void fixedPrototypesAreExactlyTheNormalisedClassMeansOfTheHeadFeatures() {
        Set train = random(60, 6, 4, 3, 1, 1.0);
        EvalResult r = run(new FixedPrototypes.Provider(), Map.of(), context(train, random(30, 6, 4, 3, 2, 1.0)));
        assertThat(r.featureColumn()).isEqualTo("head_features");
        assertThat(r.encoderPasses()).isEqualTo(60);
        for (int c = 0; c < 3; c++) {
            double[] mean = new double[4];
            int n = 0;
            for (int i = 0; i < 60; i++) {
                if (train.y()[i] == c) {
                    double norm = 0;
                    for (int j = 0; j < 4; j++) {
                        norm += train.h()[i * 4 + j] * train.h()[i * 4 + j];
                    }
                    for (int j = 0; j < 4; j++) {
                        mean[j] += train.h()[i * 4 + j] / Math.sqrt(norm);
                    }
                    n++;
                }
            }
            double norm = 0;
            for (int j = 0; j < 4; j++) {
                mean[j] /= n;
                norm += mean[j] * mean[j];
            }
            for (int j = 0; j < 4; j++) {
                assertThat(r.weights()[c][j]).isCloseTo((float) (mean[j] / Math.sqrt(norm)), within(1e-6f));
            }
        }
    }

    @Test
    void linearProbesReachFullAccuracyOnSeparableFeatures() {
        Set train = random(300, 8, 4, 4, 3, 6.0);
        Set test = random(200, 8, 4, 4, 4, 6.0);
        for (EvaluatorProvider p : List.of(new LpCached(), new Lp(), new Nlp())) {
            EvalResult r = run(p, Map.of("epochs", 10, "lr", 0.1, "milestones", "6,8"), context(train, test));
            assertThat(r.accuracy()).as(p.name()).isEqualTo(1.0);
        }
        EvalResult lp = run(new Lp(), Map.of("epochs", 10, "lr", 0.1), context(train, test));
        assertThat(lp.encoderPasses()).isEqualTo(10L * 300);
        assertThat(run(new LpCached(), Map.of("epochs", 10, "lr", 0.1), context(train, test)).encoderPasses()).isEqualTo(300);
    }

    @Test
    void anEmptyClassInTheTrainingSplitIsAClearError() {
        Set train = random(30, 6, 4, 3, 5, 1.0);
        int[] y = train.y().clone();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 2) {
                y[i] = 0;
            }
        }
        Set bad = new Set(train.f(), 6, train.h(), 4, y, 3, "features");
        assertThatThrownBy(() -> run(new FixedPrototypes.Provider(), Map.of(), context(bad, bad)))
                .isInstanceOf(PluginException.class).hasMessageContaining("class 2 has no training samples");
        assertThatThrownBy(() -> run(new LpCached(), Map.of("epochs", 1), context(bad, bad)))
                .isInstanceOf(PluginException.class).hasMessageContaining("class 2 has no training samples");
    }
}
