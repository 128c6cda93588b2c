package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocols that need a forward pass are evaluators: {@code ncd train --evaluators classifier,robustness} runs
 * robustness on the model it just trained, SCL is scored by the prototypes an earlier evaluator fitted, and
 * {@code ncd plugins} lists robustness and transfer.
 */
@Tag("slow")
class EvaluatorProtocolsTest {
    @TempDir
    Path work;

    private String train(String loss, String evaluators) throws Exception {
        Ncd.Run r = Cli.run(work, 300, "train", "--dataset", "synthetic", "--backbone", "mlp", "--backbone-param", "widths=64",
                "--loss", loss, "--epochs", "1", "--batch", "64", "--metrics", "none", "--nc-every", "0",
                "--evaluators", evaluators, "--evaluator-param", "robustness.corruptions=gaussian_noise,contrast",
                "--evaluator-param", "robustness.severities=1,5", "--out", "runs", "--name", loss);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^robustness\\s+[0-9.]+%");
        return Files.readString(work.resolve("runs").resolve(loss).resolve("summary.json"));
    }

    private static double value(String json, String evaluator, String key) {
        Matcher m = Pattern.compile("\"evaluator\":\"" + Pattern.quote(evaluator) + "\"[^}]*?\"" + Pattern.quote(key)
                + "\":([-0-9.Ee]+)").matcher(json);
        assertThat(m.find()).as(evaluator + "." + key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainRunsRobustnessOnTheJustTrainedModel() throws Exception {
        String ce = train("ce", "classifier,robustness");
        // robustness scores the loss's classifier on the same clean test set as the classifier evaluator
        double clean = value(ce, "robustness", "accuracy");
        assertThat(clean).isCloseTo(value(ce, "classifier", "accuracy"), within(1e-9));
        assertThat(value(ce, "robustness", "clean-error")).isCloseTo(1 - clean, within(1e-9));
        double g1 = value(ce, "robustness", "error-gaussian_noise-s1");
        double g5 = value(ce, "robustness", "error-gaussian_noise-s5");
        double c1 = value(ce, "robustness", "error-contrast-s1");
        double c5 = value(ce, "robustness", "error-contrast-s5");
        for (double e : new double[] {g1, g5, c1, c5}) {
            assertThat(e).isBetween(0.0, 1.0);
        }
        assertThat(value(ce, "robustness", "error-contrast")).isCloseTo((c1 + c5) / 2, within(1e-9));
        assertThat(value(ce, "robustness", "mce")).isCloseTo(((g1 + g5) / 2 + (c1 + c5) / 2) / 2, within(1e-9));
        assertThat(ce).doesNotContain("error-fog").doesNotContain("error-contrast-s3");
        assertThat(work.resolve("runs/ce/features/classifier-robustness.weights.npy")).as("robustness fits no classifier").doesNotExist();

        // SCL has no classifier: robustness scores it by the fixed prototypes fitted just before it
        String scl = train("scl", "fixed-prototypes,robustness");
        assertThat(value(scl, "robustness", "accuracy")).isCloseTo(value(scl, "fixed-prototypes", "accuracy"), within(0.01));

        Ncd.Run p = Ncd.run(work, 120, "plugins", "--kind", "evaluator");
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).containsPattern("robustness\\s").containsPattern("transfer\\s").contains("ncdesign.eval");
    }
}
