package ncdesign.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void sameMajorAndAnOlderOrEqualMinorLoad() {
        assertThat(ApiVersion.incompatibility("1.2.0", "1.2.7-SNAPSHOT")).isEmpty();
        assertThat(ApiVersion.incompatibility("1.2", "1.5.0")).isEmpty();
        assertThat(ApiVersion.incompatibility("0.1.0-SNAPSHOT", "0.1.0")).isEmpty();
    }

    @Test
    void anotherMajorOrANewerMinorIsRefusedWithTheReason() {
        assertThat(ApiVersion.incompatibility("1.0.0", "0.1.0-SNAPSHOT")).contains("another major version of the api");
        assertThat(ApiVersion.incompatibility("0.9.0", "1.0.0")).contains("another major version of the api");
        assertThat(ApiVersion.incompatibility("1.6.0", "1.5.2")).contains("a newer api than this runtime's");
    }

    @Test
    void unreadableVersionsAreLeftToTheCallGuards() {
        assertThat(ApiVersion.incompatibility("nightly", "1.0.0")).isEmpty();
    }

    @Test
    void theCompiledVersionIsReadFromTheRequiresOfTheDescriptor() {
        ModuleDescriptor d = ModuleDescriptor.newModule("com.example.p")
                .requires(java.util.Set.of(), "ncdesign.api", ModuleDescriptor.Version.parse("1.3.0")).build();
        assertThat(ApiVersion.compiledAgainst(d)).contains("1.3.0");
        assertThat(ApiVersion.compiledAgainst(ModuleDescriptor.newModule("x").requires("java.sql").build())).isEmpty();
    }
}
