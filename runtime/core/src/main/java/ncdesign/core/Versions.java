package ncdesign.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions recorded in every run folder and export, for provenance. */
public final class Versions {
    private Versions() {
    }

    /** The ncdesign version, from the runtime module descriptor or jar manifest. */
    public static String ncdesign() {
        return Versions.class.getModule().getDescriptor() != null
                ? Versions.class.getModule().getDescriptor().rawVersion().orElse(implementation())
                : implementation();
    }

    private static String implementation() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** ncdesign, TensorFlow, Java and OS versions. */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ncdesign", ncdesign());
        m.put("tensorflow", org.tensorflow.TensorFlow.version());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }
}
