package ncdesign.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --precision, --xla and --device on the CPU: what the first step actually executed (placement.json), the losses
 * against float32, a low temperature in bfloat16, and the refusals when no GPU is there.
 */
@Tag("slow")
class PrecisionTest {
    @TempDir
    Path work;

    private Ncd.Run train(Path data, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "cifar10", "--data-dir", data.toString(), "--backbone", "cnn",
                "--loss", "nonl", "--batch", "32", "--epochs", "1", "--max-steps", "6", "--metrics", "none", "--evaluators", "none",
                "--nc-every", "0", "--threads", "2", "--out", "runs", "--name", name));
        args.addAll(List.of(extra));
        // XLA on the CPU needs the TF_XLA_FLAGS the launcher sets; everything else runs in this JVM
        return args.contains("--xla") ? Ncd.run(work, 300, args.toArray(String[]::new)) : Cli.run(work, 300, args.toArray(String[]::new));
    }

    private String placement(String name) throws Exception {
        return Files.readString(work.resolve("runs").resolve(name).resolve("placement.json"));
    }

    private static int count(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private double trainLoss(String name) throws Exception {
        List<String> lines = Files.readAllLines(work.resolve("runs").resolve(name).resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        return Double.parseDouble(lines.get(lines.size() - 1).split(",")[header.indexOf("train_loss")]);
    }

    @Test
    void reducedPrecisionRewritesTheHeavyOpsAndKeepsTheLoss() throws Exception {
        Path data = BackboneTrainTest.cifar10(work.resolve("data"), 200);
        Ncd.Run fp32 = train(data, "fp32");
        assertThat(fp32.exit()).as(fp32.err()).isZero();
        String p32 = placement("fp32");
        assertThat(count(p32, "device:CPU:0 DT_FLOAT")).as(p32).isPositive();
        assertThat(count(p32, "mixed_precision_casts")).as(p32).isZero();
        assertThat(fp32.err()).contains("first step: device cpu");
        assertThat(Files.readString(work.resolve("runs/fp32/config.yaml"))).contains("device: cpu").contains("precision: fp32");

        Ncd.Run bf16 = train(data, "bf16", "--precision", "bf16");
        assertThat(bf16.exit()).as(bf16.err()).isZero();
        String pbf = placement("bf16");
        // every convolution and matrix product of the step (forward and backward) ran in bfloat16
        assertThat(count(pbf, "device:CPU:0 DT_BFLOAT16")).as(pbf).isEqualTo(count(p32, "device:CPU:0 DT_FLOAT"));
        assertThat(count(pbf, "device:CPU:0 DT_FLOAT")).as(pbf).isZero();
        assertThat(count(pbf, "mixed_precision_casts")).isPositive();
        assertThat(trainLoss("bf16")).isCloseTo(trainLoss("fp32"), org.assertj.core.data.Percentage.withPercentage(2));

        Ncd.Run fp16 = train(data, "fp16", "--precision", "fp16");
        assertThat(fp16.exit()).as(fp16.err()).isZero();
        assertThat(count(placement("fp16"), "mixed_precision_casts")).isPositive();
        assertThat(trainLoss("fp16")).isCloseTo(trainLoss("fp32"), org.assertj.core.data.Percentage.withPercentage(2));

        // a low temperature in bfloat16 stays finite (divergence would stop the run with a non-zero exit)
        Ncd.Run cold = train(data, "cold", "--precision", "bf16", "--tau", "0.05");
        assertThat(cold.exit()).as(cold.err()).isZero();
        assertThat(Double.isFinite(trainLoss("cold"))).isTrue();
    }

    @Test
    void xlaClustersTheGraph() throws Exception {
        Path data = BackboneTrainTest.cifar10(work.resolve("data"), 100);
        Ncd.Run xla = train(data, "xla", "--xla");
        assertThat(xla.exit()).as(xla.err()).isZero();
        assertThat(count(placement("xla"), "xla_ops")).as(placement("xla")).isPositive();
    }

    @Test
    void gpuRequestsWithoutAGpuAreRefusedInOneLine() throws Exception {
        Path data = BackboneTrainTest.cifar10(work.resolve("data"), 20);
        for (String[] bad : new String[][] {{"--device", "gpu"}, {"--device", "gpu:1", "--precision", "fp16"}}) {
            Ncd.Run r = train(data, "gpu", bad);
            if (r.exit() == 0) {
                continue; // this machine has a GPU (and a second one): the request is valid
            }
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.errorLine()).contains("--device").containsAnyOf("sees no GPU", "numbered 0 to");
            assertThat(work.resolve("runs/gpu")).as("nothing written for a refused run").doesNotExist();
        }
        Ncd.Run typo = train(data, "typo", "--device", "gpu0");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.errorLine()).contains("--device gpu0").contains("gpu:N");
        Ncd.Run mode = train(data, "mode", "--precision", "int8");
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.errorLine()).contains("precision").contains("bf16");
    }
}
