package ncdesign.testkit;

import static ncdesign.testkit.TestMetric.Flaw.*;

import java.util.stream.Stream;
import ncdesign.api.metric.MetricProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every check of {@link MetricConformance} fails on a metric broken in the way it claims to catch, saying so. */
class MetricKitTest {
    static MetricConformance kit(TestMetric.Flaw flaw) {
        return new MetricConformance() {
            @Override
            protected MetricProvider provider() {
                return new TestMetric(flaw);
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> everyCheckFailsOnItsBrokenMetric() {
        return new Broken<MetricConformance>("metric")
                .expect("valuesAreWellFormed", "returns no value", kit(EMPTY), MetricConformance::valuesAreWellFormed,
                        "returned no value")
                .expect("valuesAreWellFormed", "value named 'ClassCosine'", kit(VALUE_NAME_NOT_KEBAB),
                        MetricConformance::valuesAreWellFormed, "value name 'ClassCosine' is not kebab-case")
                .expect("valuesAreWellFormed", "one name reported twice", kit(VALUE_TWICE), MetricConformance::valuesAreWellFormed,
                        "value 'class-cosine' is reported twice")
                .expect("valuesAreWellFormed", "value NaN", kit(NOT_FINITE), MetricConformance::valuesAreWellFormed,
                        "value 'class-cosine' is NaN")
                .expect("valuesAreWellFormed", "optimum +Infinity", kit(INFINITE_OPTIMUM), MetricConformance::valuesAreWellFormed,
                        "infinite optimum")
                .expect("exactSimplexEtfIsOptimal", "declares optimum 0 for a value that reaches 1", kit(WRONG_OPTIMUM),
                        MetricConformance::exactSimplexEtfIsOptimal, "on an exact simplex ETF", "declared optimum is 0.0")
                .expect("exactSimplexEtfIsOptimal", "50% of optimum at the optimum", kit(WRONG_PERCENT),
                        MetricConformance::exactSimplexEtfIsOptimal, "reports 50.0% of optimum")
                .expect("invariantToTheOrderOfTheSamples", "first sample counted 5 times", kit(FIRST_SAMPLE_WEIGHTED),
                        MetricConformance::invariantToTheOrderOfTheSamples, "when the samples are reordered")
                .expect("invariantToRenamingTheClasses", "samples weighted by label + 1", kit(WEIGHTED_BY_LABEL),
                        MetricConformance::invariantToRenamingTheClasses, "when the classes are renamed")
                .expect("invariantToTheBlockSize", "reads only the first block", kit(FIRST_BLOCK_ONLY),
                        MetricConformance::invariantToTheBlockSize, "streamed in blocks of", "read every block")
                .expect("sameFeaturesGiveTheSameValues", "unseeded random term", kit(UNSEEDED_NOISE),
                        MetricConformance::sameFeaturesGiveTheSameValues, "on the same features")
                .expect("leavesTheFeatureSetUntouched", "sorts the labels in place", kit(SORTS_LABELS),
                        MetricConformance::leavesTheFeatureSetUntouched, "modified the feature set")
                .expect("featuresWithoutAClassifierAreHandled", "weights().get() without a classifier", kit(NEEDS_WEIGHTS),
                        MetricConformance::featuresWithoutAClassifierAreHandled, "without a classifier",
                        "NoSuchElementException")
                .expect("featuresWithoutAClassifierAreHandled", "a two-line PluginException", kit(MULTILINE_REFUSAL),
                        MetricConformance::featuresWithoutAClassifierAreHandled, "not one line")
                .tests();
    }
}
