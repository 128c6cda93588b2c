package ncdesign.metrics.metric;

import java.util.List;
import ncdesign.api.PluginException;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * Base of the built-in metric plugins: each is a formula over the shared {@link ClassStats} of a feature set, so
 * computing every metric streams the features once (twice when second moments or nearest-mean predictions are
 * needed), however many metrics are asked for.
 */
abstract class NcMetric implements MetricProvider {
    /** ε of the effective rank. */
    static final ParamSpec EPS = ParamSpec.ofDouble("eps", 1e-7, "ε of the effective rank p_i = (λ_i/Σλ + ε)/(1 + nε)").atLeast(0);

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
    }

    @Override
    public Metric create(Params params) {
        return features -> compute(ClassStats.of(features), params);
    }

    abstract List<MetricValue> compute(ClassStats s, Params p);

    /** Fails when the simplex optimum is impossible because K − 1 > d. */
    static void requireSimplexFits(ClassStats s, String metric) {
        if (s.k - 1 > s.d) {
            throw new PluginException("metric '" + metric + "' compares with a simplex ETF of K=" + s.k
                    + " classes, which needs d >= K-1 but d=" + s.d + "; use features of dimension >= " + (s.k - 1));
        }
    }
}
