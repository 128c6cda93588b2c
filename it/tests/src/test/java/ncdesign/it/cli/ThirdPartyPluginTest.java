package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third party compiles a loss against the SDK, drops the jar into plugins/, and trains with it. */
@Tag("slow")
class ThirdPartyPluginTest {
    @TempDir
    Path work;

    @Test
    void droppedJarIsListedAndTrains() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJars.build("thirdparty", plugins.resolve("label-smoothing.jar"), true);

        Ncd.Run list = Ncd.run(work, 120, "plugins");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("loss\\s+label-smoothing\\s+com.example.smoothing")
                .contains("smoothing=0.1");

        TrainTest.requireFashionMnist();
        Ncd.Run r = Ncd.run(work, 600, "train", "--loss", "label-smoothing", "--loss-param", "smoothing=0.2",
                "--epochs", "1", "--max-steps", "60", "--metrics", "none", "--out", "runs", "--name", "tp");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("test accuracy:");
        assertThat(Files.readString(work.resolve("runs/tp/config.yaml"))).contains("com.example.smoothing").contains("smoothing: 0.2");
    }

    @Test
    void jarWithoutModuleInfoIsRejectedAndTheRestStillWorks() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJars.build("thirdparty", plugins.resolve("classpath-only.jar"), false);
        Ncd.Run list = Ncd.run(work, 120, "plugins");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).containsPattern("loss\\s+ce\\s+ncdesign.losses").doesNotContain("label-smoothing");
        assertThat(list.err()).contains("classpath-only.jar").contains("not a module");
    }

    @Test
    void throwingAndDuplicatePluginsAreReportedByModuleAndTheRestKeepsWorking() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJars.build("broken", plugins.resolve("broken.jar"), true);
        PluginJars.build("thirdparty", plugins.resolve("label-smoothing.jar"), true);
        Ncd.Run list = Ncd.run(work, 120, "plugins");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).containsPattern("loss\\s+label-smoothing\\s+com.example.smoothing")
                .containsPattern("backbone\\s+mlp");
        assertThat(list.err()).contains("com.example.broken").contains("ThrowingProvider").contains("native library missing")
                .contains("two loss plugins are named 'ce'").contains("ncdesign.losses").contains("broken.jar");
        Ncd.Run train = Ncd.run(work, 120, "train", "--loss", "ce", "--out", "runs");
        assertThat(train.exit()).isEqualTo(2);
        assertThat(train.errorLine()).contains("two loss plugins are named 'ce'").contains("ncdesign.losses").contains("com.example.broken");
    }

    @Test
    void aBackboneReturningTheWrongShapeIsNamedBeforeTraining() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJars.build("broken", plugins.resolve("broken.jar"), true);
        Ncd.Run r = Ncd.run(work, 120, "train", "--dataset", "synthetic", "--backbone", "wrong-shape", "--loss", "normface", "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("backbone 'wrong-shape' (module com.example.broken)").contains("3072").contains("16");
        assertThat(work.resolve("runs")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void divergenceStopsWithTheStepTheValueAndAHint() throws Exception {
        Ncd.Run r = Ncd.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--loss", "ce", "--lr", "1e12",
                "--epochs", "2", "--out", "runs", "--name", "nan");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).containsPattern("training diverged at step \\d+ \\(epoch 1\\): loss = (NaN|Infinity)")
                .contains("--lr");
    }

    @Test
    void skipModeSkipsNonFiniteBatchesCountsThemAndFinishes() throws Exception {
        Ncd.Run r = Ncd.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--loss", "ce", "--lr", "1e12",
                "--epochs", "2", "--on-divergence", "skip", "--max-skipped", "100%", "--metrics", "none", "--out", "runs", "--name", "skip");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("batches skipped (non-finite loss or gradient)").doesNotContain("batch skipped");
        String last = Files.readAllLines(work.resolve("runs/skip/metrics.jsonl")).get(1);
        assertThat(Integer.parseInt(last.replaceAll(".*\"skipped_batches\":(\\d+).*", "$1"))).isPositive();
    }

    @Test
    void aLossThatThrowsInBuildIsNamedWithItsModule() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        PluginJars.build("broken", plugins.resolve("broken.jar"), true);
        Ncd.Run r = Ncd.run(work, 120, "train", "--dataset", "synthetic", "--loss", "explode", "--out", "runs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errorLine()).contains("loss 'explode' from com.example.broken").contains("boom in build");
        Ncd.Run etf = Ncd.run(work, 120, "train", "--dataset", "synthetic", "--loss", "etf-dr", "--backbone-param", "widths=8", "--out", "runs");
        assertThat(etf.exit()).isEqualTo(2);
        assertThat(etf.errorLine()).contains("d >= K").contains("d=8").contains("K=10").contains("--backbone-param");
        assertThat(work.resolve("runs")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
}
