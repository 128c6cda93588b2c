package ncdesign.testkit;

import ncdesign.api.loss.LossProvider;

/** The unbroken test loss passes every check of the loss kit, run by JUnit as a plugin author's test is. */
class GoodLossConformanceTest extends LossConformance {
    @Override
    protected LossProvider provider() {
        return new TestLoss(null);
    }
}
