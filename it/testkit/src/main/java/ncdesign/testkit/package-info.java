/**
 * JUnit 5 conformance kits that check a plugin does what the runtime relies on, one per plugin kind: extend
 * {@link ncdesign.testkit.LossConformance}, {@link ncdesign.testkit.BackboneConformance},
 * {@link ncdesign.testkit.HeadConformance}, {@link ncdesign.testkit.MetricConformance} or
 * {@link ncdesign.testkit.EvaluatorConformance} in your own tests and return your provider. Each check fails with an
 * {@link java.lang.AssertionError} that says what is wrong and how to fix it. {@link ncdesign.testkit.ProviderChecks}
 * (the provider's declarations), {@link ncdesign.testkit.Plugins} (a provider by name), {@link ncdesign.testkit.Losses}
 * and {@link ncdesign.testkit.RandomInputs} are helpers; the in-memory fakes are in {@code ncdesign.testkit.fakes}.
 * This is the only published module built on JUnit and AssertJ; it checks plugins through the SPI and must not
 * depend on the runtime.
 */
package ncdesign.testkit;
