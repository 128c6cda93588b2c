package ncdesign.testkit;

import ncdesign.api.eval.EvaluatorProvider;

/** The unbroken test evaluator passes every check of the evaluator kit, run by JUnit as a plugin author's test is. */
class GoodEvaluatorConformanceTest extends EvaluatorConformance {
    @Override
    protected EvaluatorProvider provider() {
        return new TestEvaluator(null);
    }
}
