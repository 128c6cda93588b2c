package ncdesign.it.conformance;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Losses;
import org.junit.jupiter.api.Tag;

/** The built-in 'ntce' loss passes the loss conformance kit. */
@Tag("slow")
class NtceConformanceTest extends LossConformance {
    @Override
    protected Loss loss() {
        return Losses.named("ntce", Map.of());
    }

    @Override
    protected Loss lowTemperatureLoss() {
        return Losses.named("ntce", Map.of("tau", 0.01));
    }
}
