/**
 * In-memory stand-ins for what the runtime hands plugins, so plugin tests never copy them:
 * {@link ncdesign.testkit.fakes.MemoryFeatures} (a {@link ncdesign.api.metric.FeatureSet} held in arrays),
 * {@link ncdesign.testkit.fakes.MemoryEvalContext} (an {@link ncdesign.api.eval.EvalContext} over such sets) and
 * {@link ncdesign.testkit.fakes.EtfFixtures} (collapsed and noisy features around a simplex ETF).
 */
package ncdesign.testkit.fakes;
