package ncdesign.it.conformance;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Losses;

/** The built-in 'etf-dr' loss passes the loss conformance kit. */
class EtfDrConformanceTest extends LossConformance {
    @Override
    protected Loss loss() {
        return Losses.named("etf-dr", Map.of());
    }
}
