package ncdesign.metrics;

import ncdesign.api.param.ParamSpec;
import ncdesign.metrics.linalg.Spectral;

/** The {@code eps} parameter shared by the effective-rank metrics. */
final class ErankParams {
    private ErankParams() {
    }

    static ParamSpec eps() {
        return ParamSpec.ofDouble("eps", Spectral.DEFAULT_ERANK_EPS,
                "smoothing of the effective rank: p_i = (lambda_i/sum + eps)/(1 + n eps)").atLeast(0);
    }
}
