package ncdesign.testkit;

import static ncdesign.testkit.TestEvaluator.Flaw.*;

import java.util.stream.Stream;
import ncdesign.api.eval.EvaluatorProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every check of {@link EvaluatorConformance} fails on an evaluator broken in the way it claims to catch, saying so. */
class EvaluatorKitTest {
    static EvaluatorConformance kit(TestEvaluator.Flaw flaw) {
        TestEvaluator p = new TestEvaluator(flaw);
        return new EvaluatorConformance() {
            @Override
            protected EvaluatorProvider provider() {
                return p;
            }

            @Override
            protected boolean needsEncoder() {
                return p.needsEncoder();
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> everyCheckFailsOnItsBrokenEvaluator() {
        return new Broken<EvaluatorConformance>("evaluator")
                .expect("resultIsWellFormed", "returns null", kit(NULL_RESULT), EvaluatorConformance::resultIsWellFormed,
                        "evaluate() returned null")
                .expect("resultIsWellFormed", "result named 'ncm'", kit(WRONG_NAME), EvaluatorConformance::resultIsWellFormed,
                        "its result is named 'ncm', not 'test-ncm'")
                .expect("resultIsWellFormed", "accuracy in percent", kit(PERCENT_ACCURACY), EvaluatorConformance::resultIsWellFormed,
                        "in [0, 1]")
                .expect("resultIsWellFormed", "value named 'NCM accuracy'", kit(VALUE_NOT_KEBAB),
                        EvaluatorConformance::resultIsWellFormed, "value name 'NCM accuracy' is not kebab-case")
                .expect("resultIsWellFormed", "seconds -1", kit(NEGATIVE_SECONDS), EvaluatorConformance::resultIsWellFormed,
                        "seconds is -1.0")
                .expect("resultIsWellFormed", "encoder passes -1", kit(NEGATIVE_PASSES), EvaluatorConformance::resultIsWellFormed,
                        "encoderPasses is -1")
                .expect("resultIsWellFormed", "a bias without weights", kit(BIAS_WITHOUT_WEIGHTS),
                        EvaluatorConformance::resultIsWellFormed, "a bias without weights")
                .expect("resultIsWellFormed", "classifier on 'head_features'", kit(MISSING_COLUMN),
                        EvaluatorConformance::resultIsWellFormed, "column 'head_features', which the training features do not have")
                .expect("resultIsWellFormed", "classifier d + 1 wide", kit(WRONG_WIDTH), EvaluatorConformance::resultIsWellFormed,
                        "is not K x d = 3x6")
                .expect("resultIsWellFormed", "needs the encoder, calls encoder().get()", kit(ENCODER_UNCHECKED),
                        EvaluatorConformance::resultIsWellFormed, "no encoder", "NoSuchElementException")
                .expect("resultIsWellFormed", "needs the encoder, refuses in two lines", kit(ENCODER_MULTILINE),
                        EvaluatorConformance::resultIsWellFormed, "not one line")
                .expect("resultIsWellFormed", "needs the encoder, evaluates without it", kit(ENCODER_IGNORED),
                        EvaluatorConformance::resultIsWellFormed, "declares it needs the encoder but returned a result")
                .expect("sameContextGivesTheSameResult", "unseeded random value", kit(UNSEEDED_NOISE),
                        EvaluatorConformance::sameContextGivesTheSameResult, "the same context gave", "context.seed()")
                .expect("leavesTheContextsFeaturesUntouched", "sorts the training labels in place", kit(SORTS_LABELS),
                        EvaluatorConformance::leavesTheContextsFeaturesUntouched, "modified the cached training features")
                .expect("featuresWithoutAClassifierAreHandled", "predictions().get()", kit(NEEDS_PREDICTIONS),
                        EvaluatorConformance::featuresWithoutAClassifierAreHandled, "without the model's classifier",
                        "NoSuchElementException")
                .tests();
    }
}
