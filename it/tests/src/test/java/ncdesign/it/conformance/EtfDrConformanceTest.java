package ncdesign.it.conformance;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Losses;
import org.junit.jupiter.api.Tag;

/** The built-in 'etf-dr' loss passes the loss conformance kit. */
@Tag("slow")
class EtfDrConformanceTest extends LossConformance {
    @Override
    protected Loss loss() {
        return Losses.named("etf-dr", Map.of());
    }
}
