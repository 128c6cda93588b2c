package ncdesign.it.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import ncdesign.api.loss.LossProvider;
import ncdesign.testkit.LossConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The example third-party loss, compiled from source as its author would, passes the conformance kit. */
@Tag("slow")
class ThirdPartyConformanceTest extends LossConformance {
    private static LossProvider provider;

    @BeforeAll
    static void build() throws Exception {
        Path jar = PluginJars.build("thirdparty", Files.createTempDirectory("tp").resolve("label-smoothing.jar"), true);
        URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ThirdPartyConformanceTest.class.getClassLoader());
        provider = (LossProvider) cl.loadClass("com.example.smoothing.LabelSmoothingProvider").getDeclaredConstructor().newInstance();
    }

    @Override
    protected LossProvider provider() {
        return provider;
    }
}
