package ncdesign.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import ncdesign.api.PluginException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.Params;

/**
 * {@code class-cosine}: the mean cosine of each feature to its class mean (optimum 1, at collapse), which passes the
 * metric kit, and, with a {@link Flaw}, the same metric broken in exactly one way that one check must catch.
 */
final class TestMetric implements MetricProvider {
    /** One way to be broken; null: not broken. */
    enum Flaw {
        EMPTY, VALUE_NAME_NOT_KEBAB, VALUE_TWICE, NOT_FINITE, INFINITE_OPTIMUM, WRONG_OPTIMUM, WRONG_PERCENT, FIRST_BLOCK_ONLY,
        FIRST_SAMPLE_WEIGHTED, WEIGHTED_BY_LABEL, UNSEEDED_NOISE, SORTS_LABELS, NEEDS_WEIGHTS, MULTILINE_REFUSAL
    }

    private final Flaw flaw;

    TestMetric(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "class-cosine";
    }

    @Override
    public String description() {
        return "mean cosine of each feature to its class mean (testkit's own test)";
    }

    @Override
    public Metric create(Params params) {
        return ctx -> compute(ctx.features());
    }

    private List<MetricValue> compute(FeatureSet fs) {
        if (flaw == Flaw.NEEDS_WEIGHTS) {
            fs.weights().get();
        }
        if (flaw == Flaw.MULTILINE_REFUSAL && fs.weights().isEmpty()) {
            throw new PluginException("class-cosine needs a classifier;\nrun it on a model that has one");
        }
        int k = fs.numClasses();
        int d = fs.dim();
        int[] y = fs.labels();
        double[][] mean = new double[k][d];
        boolean[] first = {true};
        fs.forEachBlock((off, rows, data) -> {
            if (flaw == Flaw.FIRST_BLOCK_ONLY && !first[0]) {
                return;
            }
            first[0] = false;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < d; j++) {
                    mean[y[off + r]][j] += data[r * d + j];
                }
            }
        });
        double[] sum = {0};
        double[] weight = {0};
        first[0] = true;
        fs.forEachBlock((off, rows, data) -> {
            if (flaw == Flaw.FIRST_BLOCK_ONLY && !first[0]) {
                return;
            }
            first[0] = false;
            for (int r = 0; r < rows; r++) {
                double dot = 0;
                double nx = 0;
                double nm = 0;
                double[] m = mean[y[off + r]];
                for (int j = 0; j < d; j++) {
                    double x = data[r * d + j];
                    dot += x * m[j];
                    nx += x * x;
                    nm += m[j] * m[j];
                }
                double w = flaw == Flaw.WEIGHTED_BY_LABEL ? y[off + r] + 1 : flaw == Flaw.FIRST_SAMPLE_WEIGHTED && off + r == 0 ? 5 : 1;
                sum[0] += w * dot / Math.sqrt(Math.max(nx * nm, 1e-24));
                weight[0] += w;
            }
        });
        double v = sum[0] / weight[0];
        if (flaw == Flaw.UNSEEDED_NOISE) {
            v += 1e-3 * new Random().nextDouble();
        }
        if (flaw == Flaw.SORTS_LABELS) {
            Arrays.sort(y);
        }
        if (flaw == null) {
            return List.of(new MetricValue("class-cosine", v, 1, 100 * v));
        }
        return switch (flaw) {
            case EMPTY -> List.of();
            case VALUE_NAME_NOT_KEBAB -> List.of(new MetricValue("ClassCosine", v, 1, 100 * v));
            case VALUE_TWICE -> List.of(new MetricValue("class-cosine", v, 1, 100 * v), MetricValue.plain("class-cosine", 1 - v));
            case NOT_FINITE -> List.of(new MetricValue("class-cosine", Double.NaN, 1, Double.NaN));
            case INFINITE_OPTIMUM -> List.of(new MetricValue("class-cosine", v, Double.POSITIVE_INFINITY, 100 * v));
            case WRONG_OPTIMUM -> List.of(new MetricValue("class-cosine", v, 0, 100 * v));
            case WRONG_PERCENT -> List.of(new MetricValue("class-cosine", v, 1, 50 * v));
            default -> List.of(new MetricValue("class-cosine", v, 1, 100 * v));
        };
    }
}
