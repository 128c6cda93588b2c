package ncdesign.testkit;

import ncdesign.api.backbone.BackboneProvider;

/** The unbroken test backbone passes every check of the backbone kit, run by JUnit as a plugin author's test is. */
class GoodBackboneConformanceTest extends BackboneConformance {
    @Override
    protected BackboneProvider provider() {
        return TestNets.backbone(null);
    }
}
