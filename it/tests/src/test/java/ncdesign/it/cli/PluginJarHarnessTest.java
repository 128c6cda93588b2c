package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import ncdesign.testkit.harness.ListedPlugin;
import ncdesign.testkit.harness.NcdRun;
import ncdesign.testkit.harness.PluginJarHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's plugin-jar harness on jars built here: the runtime comes from this module's class path (the reactor's
 * jars), as it comes from a plugin author's test class path. The template project (it/plugin-template) runs it the
 * way an author does.
 */
@Tag("slow")
class PluginJarHarnessTest {
    @TempDir
    Path work;

    @Test
    void aGoodJarIsListedAndTrainsAFewStepsOnTheSyntheticDataset() throws Exception {
        Path jar = PluginJars.build("thirdparty", work.resolve("label-smoothing.jar"), true);
        PluginJarHarness ncd = PluginJarHarness.forJar(jar).workDir(work.resolve("h"));

        assertThat(ncd.module()).isEqualTo("com.example.smoothing");
        assertThat(ncd.assertListed()).extracting(ListedPlugin::name).containsExactly("label-smoothing");
        NcdRun r = ncd.assertTrains("--loss", "label-smoothing", "--metrics", "none");
        assertThat(r.args()).containsSequence("--dataset", "synthetic").containsSequence("--max-steps", "3")
                .containsSequence("--plugins", work.resolve("h/plugins").toString());
        assertThat(r.stdout()).contains("test accuracy:");
        assertThat(r.runDir()).contains(work.resolve("h/runs/harness-2"));
        assertThat(Files.list(work.resolve("h/plugins")).map(p -> p.getFileName().toString())).containsExactly("label-smoothing.jar");
    }

    @Test
    void aJarWithProblemsFailsTheListingWithTheCommandAndWhatNcdSaid() throws Exception {
        PluginJarHarness ncd = PluginJarHarness.forJar(PluginJars.build("broken", work.resolve("broken.jar"), true))
                .workDir(work.resolve("h"));
        assertThatThrownBy(ncd::assertListed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ncd plugins --strict reports problems with plugin jar broken.jar (module com.example.broken)")
                .hasMessageContaining("exit code 2")
                .hasMessageContaining("two loss plugins are named 'ce'");
    }

    @Test
    void aLossThatFailsToTrainFailsWithTheCommandAndTheError() throws Exception {
        PluginJarHarness ncd = PluginJarHarness.forJar(PluginJars.build("broken", work.resolve("broken.jar"), true))
                .workDir(work.resolve("h"));
        assertThatThrownBy(() -> ncd.assertTrains("--loss", "explode"))
                .hasMessageContaining("training with plugin jar broken.jar (module com.example.broken) failed")
                .hasMessageContaining("ncd train --plugins").hasMessageContaining("--loss explode")
                .hasMessageContaining("boom in build");
    }

    @Test
    void aRunPastItsTimeoutIsKilledAndNamed() throws Exception {
        PluginJarHarness ncd = PluginJarHarness.forJar(PluginJars.build("thirdparty", work.resolve("ls.jar"), true))
                .workDir(work.resolve("h")).timeout(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThatThrownBy(ncd::listPlugins).hasMessageContaining("ncd plugins --plugins")
                .hasMessageContaining("did not finish within 200 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void onlyABuiltModularJarIsAccepted() throws Exception {
        assertThatThrownBy(() -> PluginJarHarness.forJar(work.resolve("target/missing.jar")))
                .hasMessageContaining("missing.jar does not exist: build it first");
        Path plain = PluginJars.build("thirdparty", work.resolve("plain.jar"), false);
        assertThatThrownBy(() -> PluginJarHarness.forJar(plain)).hasMessageContaining("plain.jar has no module-info.class");
    }
}
