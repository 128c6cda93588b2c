package ncdesign.testkit;

import static ncdesign.testkit.TestNets.Flaw.*;

import java.util.stream.Stream;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.HeadProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every check of {@link BackboneConformance} and {@link HeadConformance} fails on a network broken in the way it
 * claims to catch, saying so. (The provider checks are shared by every kit and proved on losses.)
 */
class NetKitTest {
    static BackboneConformance backbone(TestNets.Flaw flaw) {
        return new BackboneConformance() {
            @Override
            protected BackboneProvider provider() {
                return TestNets.backbone(flaw);
            }
        };
    }

    static HeadConformance head(TestNets.Flaw flaw) {
        return new HeadConformance() {
            @Override
            protected HeadProvider provider() {
                return TestNets.head(flaw);
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> everyBackboneCheckFailsOnItsBrokenBackbone() {
        return new Broken<BackboneConformance>("backbone")
                .expect("featuresAreBatchByFeatureDimInBothModes", "featureDim() 6, features 5 wide", backbone(DIM_DISAGREES),
                        BackboneConformance::featuresAreBatchByFeatureDimInBothModes, "shape [-1, 5] in Mode.TRAIN",
                        "featureDim() says 6")
                .expect("featuresAreBatchByFeatureDimInBothModes", "log of a negative number", backbone(NOT_FINITE),
                        BackboneConformance::featuresAreBatchByFeatureDimInBothModes, "is not finite")
                .expect("featuresAreBatchByFeatureDimInBothModes", "variable named 'w 1'", backbone(BAD_VARIABLE_NAME),
                        BackboneConformance::featuresAreBatchByFeatureDimInBothModes, "variable 'backbone/w 1'",
                        "accepts only names")
                .expect("bothModesShareTheirVariables", "INFER asks for 'w-infer'", backbone(INFER_OWN_VARIABLE),
                        BackboneConformance::bothModesShareTheirVariables, "Mode.INFER asked for variables that Mode.TRAIN did not",
                        "backbone/w-infer")
                .expect("gradientsReachEveryTrainableVariable", "a trainable variable it never uses", backbone(UNUSED_VARIABLE),
                        BackboneConformance::gradientsReachEveryTrainableVariable,
                        "no gradient reaches trainable variable 'backbone/unused'")
                .expect("sameSeedGivesTheSameFeatures", "initialiser ignores the seed", backbone(UNSEEDED_INIT),
                        BackboneConformance::sameSeedGivesTheSameFeatures, "two builds with the same seed gave outputs that differ")
                .tests();
    }

    @TestFactory
    Stream<DynamicTest> everyHeadCheckFailsOnItsBrokenHead() {
        return new Broken<HeadConformance>("head")
                .expect("outputIsBatchByOutputDimAndNormalisedInBothModes", "outputDim() 6, output 5 wide", head(DIM_DISAGREES),
                        HeadConformance::outputIsBatchByOutputDimAndNormalisedInBothModes, "outputDim(12) says 6")
                .expect("outputIsBatchByOutputDimAndNormalisedInBothModes", "not L2-normalised", head(NOT_NORMALISED),
                        HeadConformance::outputIsBatchByOutputDimAndNormalisedInBothModes, "must return L2-normalised embeddings")
                .expect("bothModesShareTheirVariables", "INFER asks for 'w-infer'", head(INFER_OWN_VARIABLE),
                        HeadConformance::bothModesShareTheirVariables, "head/w-infer")
                .expect("gradientsReachEveryTrainableVariableAndTheInput", "stopGradient on its input", head(DETACHED_INPUT),
                        HeadConformance::gradientsReachEveryTrainableVariableAndTheInput, "no gradient reaches its input",
                        "pass gradients on to the backbone")
                .expect("gradientsReachEveryTrainableVariableAndTheInput", "a trainable variable it never uses", head(UNUSED_VARIABLE),
                        HeadConformance::gradientsReachEveryTrainableVariableAndTheInput, "'head/unused'")
                .expect("sameSeedGivesTheSameOutput", "initialiser ignores the seed", head(UNSEEDED_INIT),
                        HeadConformance::sameSeedGivesTheSameOutput, "two builds with the same seed")
                .tests();
    }
}
