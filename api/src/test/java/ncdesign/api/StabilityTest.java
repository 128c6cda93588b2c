package ncdesign.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import ncdesign.api.annotation.Experimental;
import ncdesign.api.annotation.Stable;
import org.junit.jupiter.api.Test;

/** Every published type of the api declares its stability and the api version it appeared in. */
class StabilityTest {
    /**
     * Types another change is rewriting at the same time (the lead's ParamSpec validation); they get their
     * annotation with that change.
     */
    private static final Set<String> PENDING = Set.of();

    @Test
    void everyPublicTypeIsMarkedStableOrExperimentalWithAVersion() throws Exception {
        Path classes = Path.of(Stable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> unmarked = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = classes.relativize(p).toString();
                if (rel.contains("$") || rel.endsWith("package-info.class") || rel.endsWith("module-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
                if (!Modifier.isPublic(c.getModifiers()) || PENDING.contains(c.getName())) {
                    continue;
                }
                checked++;
                Stable st = c.getAnnotation(Stable.class);
                Experimental ex = c.getAnnotation(Experimental.class);
                if ((st == null) == (ex == null)) {
                    unmarked.add(c.getName() + (st == null ? " (neither)" : " (both)"));
                } else {
                    assertThat(st != null ? st.since() : ex.since()).as(c.getName()).matches("\\d+\\.\\d+");
                }
            }
        }
        assertThat(checked).as("public api types found in " + classes).isGreaterThan(40);
        assertThat(unmarked).as("types without exactly one of @Stable/@Experimental").isEmpty();
    }

    @Test
    void theMarkersAreReadableAtRunTime() {
        assertThat(ncdesign.api.loss.LossProvider.class.getAnnotation(Stable.class).since()).isEqualTo("0.1");
        assertThat(ncdesign.api.probe.LossEvaluator.class.getAnnotation(Experimental.class).since()).isEqualTo("0.1");
    }
}
