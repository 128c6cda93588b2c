package ncdesign.testkit;

/** How the kits fail: an {@link AssertionError} whose message says what is wrong and how to fix it. */
final class Check {
    private Check() {
    }

    /** Fails with {@code message} unless {@code ok}. */
    static void that(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** A failure caused by what the plugin threw; the kit's own assertion failures pass through unchanged. */
    static AssertionError failure(String message, Throwable cause) {
        if (cause instanceof AssertionError a) {
            return a;
        }
        return new AssertionError(message + ": " + describe(cause), cause);
    }

    /** {@code SimpleName: first line of the message}. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** Runs plugin code, turning what it throws into a failure that starts with {@code what}. */
    static <T> T call(String what, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw failure(what, t);
        }
    }
}
