package ncdesign.testkit;

import ncdesign.api.backbone.HeadProvider;

/** The unbroken test head passes every check of the head kit, run by JUnit as a plugin author's test is. */
class GoodHeadConformanceTest extends HeadConformance {
    @Override
    protected HeadProvider provider() {
        return TestNets.head(null);
    }
}
