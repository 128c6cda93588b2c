package com.example.focal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import ncdesign.testkit.harness.ListedPlugin;
import ncdesign.testkit.harness.NcdRun;
import ncdesign.testkit.harness.PluginJarHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, loaded the way ncd loads it (plugins folder, module path, child JVM): failsafe runs this after
 * 'package', with the jar's path in the system property plugin.jar (see pom.xml).
 */
class FocalNormFaceJarIT {
    @TempDir
    Path work;

    @Test
    void ncdListsTheJarAndTrainsWithIt() throws Exception {
        PluginJarHarness ncd = PluginJarHarness.forJar(Path.of(System.getProperty("plugin.jar"))).workDir(work);

        assertThat(ncd.assertListed()).extracting(ListedPlugin::name).containsExactly("focal-normface");

        NcdRun run = ncd.assertTrains("--loss", "focal-normface", "--loss-param", "gamma=0.5");
        assertThat(run.stdout()).contains("test accuracy");
        assertThat(Files.readString(run.runDir().orElseThrow().resolve("config.yaml")))
                .contains("com.example.focal").contains("gamma: 0.5");
    }
}
