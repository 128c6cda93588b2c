/** Reusable JUnit 5 suites that check a plugin behaves as the SPI promises. */
package ncdesign.testkit;
