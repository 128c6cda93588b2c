package ncdesign.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.api.error.UserException;
import ncdesign.api.eval.Split;
import ncdesign.cli.fake.ThrowingLossProvider;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.train.Trainer;
import ncdesign.data.DatasetCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of user error (a bad option value, a broken dataset file, a plugin that throws) is classified where it is
 * thrown as a ConfigException, DataException or PluginException, and the CLI reports any of them the same way:
 * exit 2 and exactly one {@code ncd: error:} line.
 */
class UserErrorsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        List<String> errorLines() {
            return err.lines().filter(l -> l.contains("ncd: error:")).toList();
        }
    }

    static Run ncd(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** An IDX image file of {@code n} 4x3 images, cut {@code cut} bytes short. */
    static void writeImages(Path file, int n, int cut) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 4 * 3);
        b.putInt(0x803).putInt(n).putInt(4).putInt(3);
        byte[] all = b.array();
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Arrays.copyOf(all, all.length - cut));
    }

    @Test
    void aBadOptionValueIsAConfigException() {
        Throwable t = catchThrowable(() -> TrainConfig.resolve(null, Map.of("lr", "fast"), Map.of(), Map.of()));
        assertThat(t).isInstanceOf(ConfigException.class).isNotInstanceOf(PluginException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("fast");
        assertThatThrownBy(() -> TrainConfig.resolve(null, Map.of("lr", "0"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> TrainConfig.pairs("--loss-param", List.of("tau")))
                .isInstanceOf(ConfigException.class).hasMessage("--loss-param expects key=value, got 'tau'");
    }

    @Test
    void aTruncatedIdxFileIsADataException() throws IOException {
        writeImages(dir.resolve("train-images-idx3-ubyte"), 12, 5);
        Throwable t = catchThrowable(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir));
        assertThat(t).isInstanceOf(DataException.class).isNotInstanceOf(PluginException.class)
                .hasMessageContaining("train-images-idx3-ubyte").hasMessageContaining("truncated");
    }

    @Test
    void aThrowingPluginIsAPluginExceptionNamingItsModule() {
        PluginInfo info = new PluginInfo(PluginKind.LOSS, "test-throws", "test", "org.example.losses", "1.0", "module path",
                new ThrowingLossProvider());
        Throwable t = catchThrowable(() -> Trainer.create(info, () -> new ThrowingLossProvider().create(null)));
        assertThat(t).isInstanceOf(PluginException.class).isNotInstanceOf(ConfigException.class).isNotInstanceOf(DataException.class)
                .hasMessage("loss 'test-throws' (module org.example.losses) failed: IllegalStateException: boom in create")
                .hasCauseInstanceOf(IllegalStateException.class);
        // a user error raised inside plugin code keeps its kind: the runtime does not re-label it as the plugin's fault
        ConfigException bad = new ConfigException("parameter 'tau' of loss 'test-throws' must be > 0, got 0.0");
        assertThat(catchThrowable(() -> Trainer.create(info, () -> {
            throw bad;
        }))).isSameAs(bad);
    }

    @Test
    void theThreeKindsAreDistinctUserExceptions() throws IOException {
        writeImages(dir.resolve("cut/train-images-idx3-ubyte"), 12, 5);
        PluginInfo info = new PluginInfo(PluginKind.LOSS, "test-throws", "test", "m", "1.0", "module path", new ThrowingLossProvider());
        List<Throwable> all = List.of(
                catchThrowable(() -> TrainConfig.resolve(null, Map.of("lr", "fast"), Map.of(), Map.of())),
                catchThrowable(() -> DatasetCatalog.load("mnist", Split.TRAIN, dir.resolve("cut"))),
                catchThrowable(() -> Trainer.create(info, () -> new ThrowingLossProvider().create(null))));
        assertThat(all).allSatisfy(t -> assertThat(t).isInstanceOf(UserException.class));
        assertThat(all.stream().map(Object::getClass).distinct()).hasSize(3);
    }

    @Test
    void theCliReportsEachKindAsOneErrorLineAndExit2() throws IOException {
        Path runs = dir.resolve("runs");
        // a bad option value
        Run bad = ncd("train", "--lr", "fast", "--out", runs.toString());
        assertThat(bad.code()).as(bad.err()).isEqualTo(2);
        assertThat(bad.errorLines()).as(bad.err()).singleElement().asString()
                .startsWith("ncd: error: ").contains("'lr'").contains("fast");

        // a missing dataset file: the images are there, the labels are not
        Path data = dir.resolve("mnist-no-labels");
        writeImages(data.resolve("train-images-idx3-ubyte"), 12, 0);
        Run missing = ncd("train", "--dataset", "mnist", "--data-dir", data.toString(), "--out", runs.toString());
        assertThat(missing.code()).as(missing.err()).isEqualTo(2);
        assertThat(missing.errorLines()).as(missing.err()).singleElement().asString()
                .startsWith("ncd: error: ").contains("train-labels-idx1-ubyte").contains("not found");

        // a plugin that throws
        Run plugin = ncd("train", "--loss", ThrowingLossProvider.NAME, "--dataset", "mnist", "--data-dir", data.toString(),
                "--out", runs.toString());
        assertThat(plugin.code()).as(plugin.err()).isEqualTo(2);
        assertThat(plugin.errorLines()).as(plugin.err()).singleElement().asString()
                .startsWith("ncd: error: loss 'test-throws' (module ").contains("failed: IllegalStateException: boom in create");

        assertThat(bad.errorLines().get(0)).isNotEqualTo(missing.errorLines().get(0)).isNotEqualTo(plugin.errorLines().get(0));
        assertThat(runs).doesNotExist();
    }
}
