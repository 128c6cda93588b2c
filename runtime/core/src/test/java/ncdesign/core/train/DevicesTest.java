package ncdesign.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ncdesign.api.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** --device, --precision and --xla as session settings. */
class DevicesTest {
    @Test
    void theCpuIsAlwaysListedAndDeviceSpecsResolveAgainstTheGpusSeen() {
        assertThat(Devices.visible()).anyMatch(d -> d.type().equals("CPU"));
        int gpus = Devices.gpus();
        assertThat(Devices.resolve("cpu")).isEqualTo("cpu");
        assertThat(Devices.resolve("AUTO")).isEqualTo(gpus > 0 ? "gpu:0" : "cpu");
        if (gpus == 0) {
            assertThatThrownBy(() -> Devices.resolve("gpu")).isInstanceOf(ConfigException.class).hasMessageContaining("sees no GPU")
                    .hasMessageContaining("NCD_PROFILE=gpu");
        }
        assertThatThrownBy(() -> Devices.resolve("gpu:" + gpus)).isInstanceOf(ConfigException.class);
        // on the GPU build the advice is not to switch to the GPU build
        assertThat(Devices.noGpu("--device", "gpu", true)).contains("GPU build").contains("--device cpu or auto").doesNotContain("NCD_PROFILE");
        assertThat(Devices.noGpu("--device", "gpu", false)).contains("NCD_PROFILE=gpu");
        // both refusals point to the command that says what is missing
        assertThat(Devices.noGpu("--device", "gpu", true)).contains("ncd doctor");
        assertThat(Devices.noGpu("--device", "gpu", false)).contains("ncd doctor");
        assertThatThrownBy(() -> Devices.resolve("gpu:one")).isInstanceOf(ConfigException.class).hasMessageContaining("gpu:N");
        assertThatThrownBy(() -> Devices.resolve("tpu")).isInstanceOf(ConfigException.class).hasMessageContaining("auto, cpu, gpu or gpu:N");
    }

    @Test
    void theBuildIsTheNativeJarsNotAFolderAboveIt() {
        // a checkout in a folder whose name says gpu still runs the cpu build
        assertThat(Devices.gpuJar(java.net.URI.create("file:///work/wt-r23-gpu/runtime/cli/target/mods/tensorflow-core-native-1.1.0-linux-x86_64.jar")))
                .isFalse();
        assertThat(Devices.gpuJar(java.net.URI.create("file:///work/x/mods/tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar"))).isTrue();
        assertThat(Devices.gpuJar(java.net.URI.create("file:///home/gpu-box/.m2/tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar"))).isTrue();
    }

    @Test
    void precisionsMapToTheMixedPrecisionRewriteOfTheirDevice() {
        ConfigProto cpu = Devices.sessionConfig(2, "cpu", "fp32", false);
        assertThat(cpu.getDeviceCountMap()).containsEntry("GPU", 0);
        assertThat(cpu.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16()).isNotEqualTo(RewriterConfig.Toggle.ON);
        assertThat(cpu.getGraphOptions().getOptimizerOptions().getGlobalJitLevel()).isNotEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);

        assertThat(Devices.sessionConfig(2, "cpu", "bf16", false).getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.ON);
        assertThat(Devices.sessionConfig(2, "cpu", "fp16", false).getGraphOptions().getRewriteOptions().getAutoMixedPrecisionCpu())
                .isEqualTo(RewriterConfig.Toggle.ON);
        ConfigProto gpu = Devices.sessionConfig(8, "gpu:1", "fp16", true);
        assertThat(gpu.getGpuOptions().getVisibleDeviceList()).isEqualTo("1");
        assertThat(gpu.getAllowSoftPlacement()).isTrue();
        assertThat(gpu.getDeviceCountMap()).doesNotContainKey("GPU");
        assertThat(gpu.getGraphOptions().getRewriteOptions().getAutoMixedPrecision()).isEqualTo(RewriterConfig.Toggle.ON);
        assertThat(gpu.getGraphOptions().getOptimizerOptions().getGlobalJitLevel()).isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);

        assertThatThrownBy(() -> Devices.precisionPlan("gpu:0", "bf16")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--precision fp16");
        assertThat(Devices.precisionPlan("cpu", "fp16")).contains("loss scaling");
        assertThat(Devices.precisionPlan("gpu:0", "fp16")).contains("loss scaling");
    }

    @Test
    void heavyOpsOffTheGpuStopAGpuRun() {
        Placement onCpu = new Placement("gpu:0", java.util.Map.of("device:CPU:0", 10, "device:GPU:0", 90),
                java.util.Map.of("device:CPU:0 DT_FLOAT", 2, "device:GPU:0 DT_HALF", 20), 30, 0);
        assertThat(onCpu.heavyElsewhere()).containsOnlyKeys("device:CPU:0 DT_FLOAT");
        assertThat(onCpu.heavyOfType("DT_HALF")).isEqualTo(20);
        assertThatThrownBy(onCpu::check).isInstanceOf(ConfigException.class).hasMessageContaining("heavy ops ran off the GPU");
        new Placement("gpu:0", java.util.Map.of(), java.util.Map.of("device:GPU:0 DT_HALF", 20), 30, 0).check();
        new Placement("cpu", java.util.Map.of(), java.util.Map.of("device:CPU:0 DT_FLOAT", 20), 0, 0).check();
        assertThat(Placement.isHeavy("_MklNativeConv2DBackpropFilter")).isTrue();
        assertThat(Placement.isHeavy("Relu")).isFalse();
    }
}
