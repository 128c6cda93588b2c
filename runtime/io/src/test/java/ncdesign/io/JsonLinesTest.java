package ncdesign.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON or JSON-lines file that does not parse is named with its line; a resumed run drops a truncated last line. */
class JsonLinesTest {
    @TempDir
    Path tmp;

    private Path file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void aTruncatedLineIsNamedByFileAndLine() throws Exception {
        Path f = file("metrics.jsonl", "{\"epoch\":1}\n{\"epoch\":2,\"lo\n{\"epoch\":3}\n");
        assertThatThrownBy(() -> Json.readLines(f)).isInstanceOf(JsonFileException.class)
                .hasMessageStartingWith(f + ", line 2: not a valid JSON object (")
                .hasMessageEndingWith("the file is truncated or corrupt")
                .satisfies(e -> assertThat(((JsonFileException) e).line()).isEqualTo(2))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Source:"));
        // a broken line before the last is not repaired either
        assertThatThrownBy(() -> JsonLines.readRepairing(f, s -> { })).isInstanceOf(JsonFileException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void repairingDropsOnlyATruncatedLastLineAndSaysSo() throws Exception {
        Path f = file("trajectory.jsonl", "{\"step\":0}\n\n{\"step\":8}\n{\"step\":16,\"nc1\":0.12\n");
        List<String> notices = new ArrayList<>();
        List<JsonLines.Line> lines = JsonLines.readRepairing(f, notices::add);
        assertThat(lines).extracting(JsonLines.Line::number).containsExactly(1, 3);
        assertThat(lines).extracting(JsonLines.Line::text).containsExactly("{\"step\":0}", "{\"step\":8}");
        assertThat(lines.get(1).value()).isEqualTo(Map.of("step", 8));
        assertThat(notices).singleElement().asString().startsWith(f + ", line 4: ").contains("dropped");
        assertThatThrownBy(() -> JsonLines.read(f)).isInstanceOf(JsonFileException.class).hasMessageContaining("line 4");

        Path ok = file("ok.jsonl", "{\"step\":0}\n{\"step\":8}\n\n");
        notices.clear();
        assertThat(JsonLines.readRepairing(ok, notices::add)).hasSize(2);
        assertThat(notices).isEmpty();
    }

    @Test
    void aTruncatedEmptyOrForeignSummaryIsNamed() throws Exception {
        Path truncated = file("summary.json", "{\"test_accuracy\":0.81,\"metrics\":{\"nc1\":");
        assertThatThrownBy(() -> Json.readMap(truncated)).isInstanceOf(JsonFileException.class)
                .hasMessageStartingWith(truncated + ", line 1: not a valid JSON object");
        Path empty = file("empty.json", "");
        assertThatThrownBy(() -> Json.readMap(empty)).isInstanceOf(JsonFileException.class)
                .hasMessage(empty + ", line 1: empty where a JSON object was expected; the file is truncated or corrupt");
        Path list = file("list.json", "[1, 2]\n");
        assertThatThrownBy(() -> Json.readMap(list)).isInstanceOf(JsonFileException.class).hasMessageContaining("line 1");
        Path nul = file("null.json", "null\n");
        assertThatThrownBy(() -> Json.readMap(nul)).isInstanceOf(JsonFileException.class).hasMessageContaining("null");
        Path twoLines = file("two.json", "{\"a\":1,\n\"b\":\n");
        assertThatThrownBy(() -> Json.readMap(twoLines)).isInstanceOf(JsonFileException.class).hasMessageContaining("line 3");
        Path trailing = file("trailing.json", "{\"a\":1}{\"a\":2}\n");
        assertThatThrownBy(() -> Json.readMap(trailing)).isInstanceOf(JsonFileException.class);
        assertThat(Json.readMap(file("fine.json", "{\"a\":1}\n\n"))).isEqualTo(Map.of("a", 1));
    }
}
