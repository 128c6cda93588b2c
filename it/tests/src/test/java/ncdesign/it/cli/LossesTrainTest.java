package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every classifier loss trains through the CLI (in process) on Fashion-MNIST and beats chance clearly. */
@Tag("slow")
class LossesTrainTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"ce", "normface", "ntce", "nonl", "etf-dr", "cosface", "arcface"})
    void trainsOnFashionMnist(String loss) throws Exception {
        TrainTest.requireFashionMnist();
        Ncd.Run r = Cli.run(work, 600, "train", "--loss", loss, "--epochs", "1", "--max-steps", "150",
                "--metrics", "erank-inter", "--evaluators", "classifier", "--out", "runs", "--name", loss);
        assertThat(r.exit()).as(r.err()).isZero();
        String summary = Files.readString(work.resolve("runs").resolve(loss).resolve("summary.json"));
        double acc = Double.parseDouble(summary.replaceAll("(?s).*\"test_accuracy\":([0-9.eE-]+).*", "$1"));
        assertThat(acc).as(loss + " test accuracy after 150 steps").isGreaterThan(0.6);
        assertThat(summary).contains("\"erank-inter\"");
    }
}
