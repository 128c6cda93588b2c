/**
 * The integration tests: black-box runs of the {@code ncd} CLI in process and of the real launcher in subprocesses,
 * and the built-in plugins against the testkit. Test code only (compiled into this module, reading the runtime and
 * the testkit from the class path); this module is not published.
 */
module ncdesign.it {
}
