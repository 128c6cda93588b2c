package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM (it/bom, no parent) and the plugin template (it/plugin-template, outside the reactor) write versions the
 * build also writes: they must stay the build's.
 */
class TemplateVersionsTest {
    private static final Path ROOT = Path.of(System.getProperty("ncd.root", "../.."));

    private static String pom(String path) throws Exception {
        return Files.readString(ROOT.resolve(path));
    }

    private static String first(String xml, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(xml);
        assertThat(m.find()).as("%s in the pom", regex).isTrue();
        return m.group(1);
    }

    private static String property(String xml, String name) {
        return first(xml, "<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">");
    }

    @Test
    void theBomHasTheBuildsVersionAndManagesTheBuildsThirdPartyVersions() throws Exception {
        String root = pom("pom.xml");
        String bom = pom("it/bom/pom.xml");
        String version = first(root, "<artifactId>ncdesign-parent</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(first(bom, "<artifactId>ncdesign-bom</artifactId>\\s*<version>([^<]+)</version>")).isEqualTo(version);
        for (String p : new String[] {"tensorflow.version", "junit.version", "assertj.version", "autoservice.version"}) {
            assertThat(property(bom, p)).as(p).isEqualTo(property(root, p));
        }
        assertThat(property(pom("it/plugin-template/pom.xml"), "ncdesign.version")).as("the template's ncdesign.version")
                .isEqualTo(version);
    }
}
