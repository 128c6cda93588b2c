/**
 * The plugin-jar harness: runs a built plugin jar the way {@code ncd} loads it — a plugins folder holding the jar,
 * the runtime launched on the module path in a child JVM with the launcher's own JVM options — and checks that
 * {@code ncd plugins --strict} lists it without problems and that {@code ncd train} trains a few steps with it.
 * It needs the runtime ({@code io.ncdesign:ncdesign-cli}, test scope) on the test's class path; it does not link
 * against it.
 */
package ncdesign.testkit.harness;
