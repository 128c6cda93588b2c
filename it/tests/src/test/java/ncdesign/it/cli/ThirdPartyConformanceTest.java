package ncdesign.it.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;
import ncdesign.testkit.LossConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The example third-party loss, compiled from source as its author would, passes the conformance kit. */
@Tag("slow")
class ThirdPartyConformanceTest extends LossConformance {
    private static Loss loss;

    @BeforeAll
    static void build() throws Exception {
        Path jar = PluginJars.build("thirdparty", Files.createTempDirectory("tp").resolve("label-smoothing.jar"), true);
        URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ThirdPartyConformanceTest.class.getClassLoader());
        LossProvider p = (LossProvider) cl.loadClass("com.example.smoothing.LabelSmoothingProvider").getDeclaredConstructor().newInstance();
        loss = p.create(Params.defaults(p.name(), p.parameters()));
    }

    @Override
    protected Loss loss() {
        return loss;
    }
}
