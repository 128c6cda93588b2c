package ncdesign.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs one check of a kit on a deliberately broken plugin and asserts that it fails with a message holding the
 * expected fragments; every failure is also written to {@code target/kit-failures-<kind>.md} (check, broken plugin,
 * message), the table that shows each check catching what it claims to.
 *
 * @param <K> the kit
 */
final class Broken<K> {
    /** One check on one broken plugin. */
    record Case<K>(String check, String plugin, K kit, Consumer<K> run, List<String> fragments) {
    }

    private final String kind;
    private final List<Case<K>> cases = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    Broken(String kind) {
        this.kind = kind;
    }

    /** Expects {@code check} (run by {@code run}) on {@code kit} over {@code plugin} to fail with every fragment. */
    Broken<K> expect(String check, String plugin, K kit, Consumer<K> run, String... fragments) {
        cases.add(new Case<>(check, plugin, kit, run, List.of(fragments)));
        return this;
    }

    /** One dynamic test per case; the last one writes the table. */
    Stream<DynamicTest> tests() {
        List<DynamicTest> out = new ArrayList<>();
        for (Case<K> c : cases) {
            out.add(DynamicTest.dynamicTest(c.check() + " fails on " + c.plugin(), () -> run(c)));
        }
        out.add(DynamicTest.dynamicTest("write the table", this::write));
        return out.stream();
    }

    private void run(Case<K> c) {
        AssertionError failure = null;
        try {
            c.run().accept(c.kit());
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).as("%s must fail on %s", c.check(), c.plugin()).isNotNull();
        String m = failure.getMessage();
        for (String f : c.fragments()) {
            assertThat(m).as("the message of %s on %s", c.check(), c.plugin()).contains(f);
        }
        rows.add("| `" + c.check() + "` | " + c.plugin() + " | " + m.replace("|", "\\|").replace("\n", " ") + " |");
    }

    private void write() throws IOException {
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve("kit-failures-" + kind + ".md"),
                Stream.concat(Stream.of("| check | broken plugin | failure message |", "|---|---|---|"), rows.stream()).toList());
    }
}
