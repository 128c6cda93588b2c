package ncdesign.it.conformance;

import java.util.Map;
import ncdesign.api.loss.Loss;
import ncdesign.testkit.LossConformance;
import ncdesign.testkit.Losses;
import org.junit.jupiter.api.Tag;

/** The built-in 'nonl' loss (negatives=classes) passes the loss conformance kit. */
@Tag("slow")
class NonlClassesConformanceTest extends LossConformance {
    @Override
    protected Loss loss() {
        return Losses.named("nonl", Map.of("negatives", "classes"));
    }

    @Override
    protected Loss lowTemperatureLoss() {
        return Losses.named("nonl", Map.of("tau", 0.01, "negatives", "classes"));
    }
}
