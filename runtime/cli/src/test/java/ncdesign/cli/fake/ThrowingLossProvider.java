package ncdesign.cli.fake;

import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;

/**
 * A broken third-party loss for {@code ncdesign.cli.UserErrorsTest}: creating it throws, as a buggy plugin would.
 * It lives in a package the module does not export, so the test sources compile without lint warnings.
 */
public final class ThrowingLossProvider implements LossProvider {
    public static final String NAME = "test-throws";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test only: a loss whose create() throws";
    }

    @Override
    public Loss create(Params params) {
        throw new IllegalStateException("boom in create");
    }
}
