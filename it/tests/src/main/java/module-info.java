/**
 * The integration tests: black-box runs of the {@code ncd} CLI in process and of the real launcher in subprocesses,
 * and the built-in plugins against the testkit. Test code only; this module is not published.
 */
module ncdesign.it {
    requires ncdesign.testkit;
}
