/**
 * Reusable JUnit 5 suites that check a plugin behaves as the SPI promises: a plugin author extends
 * {@link ncdesign.testkit.LossConformance} in their own tests, with {@link ncdesign.testkit.RandomInputs} and
 * {@link ncdesign.testkit.Losses} as helpers. This is the only published module built on JUnit and AssertJ; it checks
 * plugins through the SPI and must not depend on the runtime.
 */
package ncdesign.testkit;
