package ncdesign.testkit;

import static ncdesign.testkit.TestLoss.Flaw.*;

import java.util.stream.Stream;
import ncdesign.api.loss.LossProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every check of {@link LossConformance} fails on a loss broken in the way it claims to catch, saying so. */
class LossKitTest {
    static LossConformance kit(TestLoss.Flaw flaw) {
        return new LossConformance() {
            @Override
            protected LossProvider provider() {
                return new TestLoss(flaw);
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> everyCheckFailsOnItsBrokenLoss() {
        return new Broken<LossConformance>("loss")
                .expect("providerDeclarations", "name 'CosLoss'", kit(NAME_NOT_KEBAB), LossConformance::providerDeclarations,
                        "name 'CosLoss' is not kebab-case")
                .expect("providerDeclarations", "blank description", kit(DESCRIPTION_BLANK), LossConformance::providerDeclarations,
                        "description() is blank")
                .expect("providerDeclarations", "two-line description", kit(DESCRIPTION_MULTILINE),
                        LossConformance::providerDeclarations, "description() has several lines")
                .expect("providerDeclarations", "default tau = -1 with range > 0", kit(DEFAULT_OUT_OF_RANGE),
                        LossConformance::providerDeclarations, "bad parameter declaration", "tau")
                .expect("providerDeclarations", "DOUBLE tau with the String default \"0.1\"", kit(DEFAULT_WRONG_TYPE),
                        LossConformance::providerDeclarations, "bad parameter declaration", "tau")
                .expect("providerDeclarations", "tau declared twice", kit(PARAM_TWICE), LossConformance::providerDeclarations,
                        "'tau' is declared twice")
                .expect("providerDeclarations", "parameter named 'Tau'", kit(PARAM_NOT_KEBAB),
                        LossConformance::providerDeclarations, "bad parameter declaration", "Tau")
                .expect("providerDeclarations", "create() throws", kit(CREATE_THROWS), LossConformance::providerDeclarations,
                        "create(defaults) threw", "IllegalStateException: not configured")
                .expect("providerDeclarations", "create() returns null", kit(CREATE_NULL), LossConformance::providerDeclarations,
                        "create(defaults) returned null")
                .expect("lossIsAScalarAndScoresAreBatchByClasses", "needs() returns null", kit(NEEDS_NULL),
                        LossConformance::lossIsAScalarAndScoresAreBatchByClasses, "needs() returned null")
                .expect("lossIsAScalarAndScoresAreBatchByClasses", "features returned as scores ([M, d])",
                        kit(SCORES_ARE_FEATURES), LossConformance::lossIsAScalarAndScoresAreBatchByClasses,
                        "class scores of shape [-1, 8]", "expected [batch, K] = [?, 5]", "not the features")
                .expect("lossIsAScalarAndScoresAreBatchByClasses", "per-sample loss ([M])", kit(LOSS_PER_SAMPLE),
                        LossConformance::lossIsAScalarAndScoresAreBatchByClasses, "a loss of shape [-1]", "must be a scalar")
                .expect("lossIsAScalarAndScoresAreBatchByClasses", "per-sample diagnostic", kit(DIAGNOSTIC_PER_SAMPLE),
                        LossConformance::lossIsAScalarAndScoresAreBatchByClasses, "diagnostic 'per-sample'", "must be a scalar")
                .expect("lossIsAScalarAndScoresAreBatchByClasses", "a loss of the weights alone", kit(IGNORES_FEATURES),
                        LossConformance::lossIsAScalarAndScoresAreBatchByClasses, "does not depend on the features")
                .expect("buildsInInferenceModeWithScoresThatIgnoreTheLabels", "throws in Mode.INFER", kit(THROWS_IN_INFER),
                        LossConformance::buildsInInferenceModeWithScoresThatIgnoreTheLabels, "building in Mode.INFER",
                        "built for training only")
                .expect("buildsInInferenceModeWithScoresThatIgnoreTheLabels", "no scores in Mode.INFER", kit(NO_SCORES_IN_INFER),
                        LossConformance::buildsInInferenceModeWithScoresThatIgnoreTheLabels, "but none in Mode.INFER")
                .expect("buildsInInferenceModeWithScoresThatIgnoreTheLabels", "margin added to the scores",
                        kit(SCORES_USE_LABELS), LossConformance::buildsInInferenceModeWithScoresThatIgnoreTheLabels,
                        "change with the labels", "all-zero labels")
                .expect("sameInputsGiveTheSameResult", "unseeded random term", kit(UNSEEDED_NOISE),
                        LossConformance::sameInputsGiveTheSameResult, "two builds on the same inputs gave different results")
                .expect("valueAndGradientsAreFinite", "log(0) in the loss", kit(LOG_OF_ZERO), LossConformance::valueAndGradientsAreFinite,
                        "on random inputs")
                .expect("gradientsEqualFiniteDifferencesInFloat64", "stopGradient on half the loss", kit(STOP_GRADIENT),
                        LossConformance::gradientsEqualFiniteDifferencesInFloat64, "differs from the float64 finite difference")
                .expect("invariantToTheOrderOfTheBatch", "first sample counted twice", kit(FIRST_SAMPLE_WEIGHTED),
                        LossConformance::invariantToTheOrderOfTheBatch, "changes when the batch is reordered")
                .expect("invariantToRescalingWhenNormalised", "scale-invariant but unnormalised", kit(CLAIMS_SCALE_INVARIANCE),
                        LossConformance::invariantToRescalingWhenNormalised, "declares scaleInvariant = true")
                .expect("finiteAtLowTemperatureAndForNearIdenticalFeatures", "softmax as exp / sum exp", kit(NAIVE_SOFTMAX),
                        LossConformance::finiteAtLowTemperatureAndForNearIdenticalFeatures, "at a low temperature (tau = 0.01)")
                .tests();
    }
}
