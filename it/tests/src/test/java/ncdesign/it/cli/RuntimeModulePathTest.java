package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import ncdesign.testkit.harness.RuntimeModulePath;
import org.junit.jupiter.api.Test;

/** The harness's runtime, found on this module's test class path: what ./ncd puts on its module path, and nothing else. */
class RuntimeModulePathTest {

    private static List<String> names(RuntimeModulePath p) {
        return ModuleFinder.of(p.entries().toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(d -> d.name()).toList();
    }

    @Test
    void theRuntimeModulesTheBuiltInPluginsAndTheNativeLibraryButNoTestLibraries() {
        List<String> names = names(RuntimeModulePath.fromTestPath(Set.of()));
        assertThat(names).contains("ncdesign.cli", "ncdesign.experiments", "ncdesign.core", "ncdesign.api",
                "ncdesign.losses", "ncdesign.backbones", "ncdesign.metrics", "ncdesign.eval",
                "tensorflow", "tensorflow.nativelib.linux.x86_64", "org.apache.logging.log4j.core", "info.picocli");
        assertThat(names).doesNotContain("ncdesign.testkit", "ncdesign.it", "org.junit.jupiter.api", "org.assertj.core");
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void excludedModulesStayOut() {
        assertThat(names(RuntimeModulePath.fromTestPath(Set.of("ncdesign.losses")))).contains("ncdesign.cli")
                .doesNotContain("ncdesign.losses");
    }

    @Test
    void theLauncherArgsAreThoseOfNcd() throws Exception {
        assertThat(RuntimeModulePath.fromTestPath(Set.of()).launcherArgs())
                .isEqualTo(Files.readString(Ncd.launcherArgs()));
        assertThat(RuntimeModulePath.of(List.of(Ncd.mods(), Ncd.runtimeJar())).launcherArgs())
                .isEqualTo(Files.readString(Ncd.launcherArgs()));
    }
}
