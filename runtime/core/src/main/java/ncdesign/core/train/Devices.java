package ncdesign.core.train;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ncdesign.api.error.ConfigException;
import ncdesign.core.config.TrainConfig;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Where a run executes and how: {@code --device}, {@code --precision} and {@code --xla} turned into TensorFlow session
 * settings.
 * <ul>
 *   <li>{@code --device auto|cpu|gpu|gpu:N}: auto is the first GPU TensorFlow sees, else the CPU. A GPU run makes only
 *       that card visible to TensorFlow, which then places every op that has a GPU kernel on it; {@link Placement}
 *       checks after the first step that the heavy ops really ran there.</li>
 *   <li>{@code --precision fp32|tf32|bf16|fp16}: reduced precision is TensorFlow's automatic mixed-precision graph
 *       rewrite. Variables (the master weights) stay float32; convolutions and matrix products run in 16 bits; ops on
 *       its deny list (exp, log, softmax, sums and means, so the losses and the normalisations) stay float32.
 *       fp16 on a GPU uses the CUDA rewrite, with dynamic loss scaling in {@link ModelGraph}; bf16 on a CPU uses the
 *       oneDNN rewrite; fp16 on a CPU is TensorFlow's emulation (useful to test numerics, not fast). TensorFlow has no
 *       bf16 rewrite for GPUs, so bf16 on a GPU is refused with that reason. tf32 and fp32 differ on Ampere and later
 *       GPUs only: TensorFlow uses TF32 for float32 matmuls and convolutions unless {@code NVIDIA_TF32_OVERRIDE=0};
 *       the {@code ncd} script sets that for every precision but tf32.</li>
 *   <li>{@code --xla}: XLA auto-clustering of the graph (global JIT level ON_1); on a CPU TensorFlow needs
 *       {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}, which the {@code ncd} script sets.</li>
 * </ul>
 */
public final class Devices {
    /** One device TensorFlow sees. */
    public record Device(String name, String type, long memoryBytes) {
    }

    private static List<Device> visible;

    private Devices() {
    }

    /** The devices TensorFlow sees in this process (listed once, from a throw-away session). */
    public static synchronized List<Device> visible() {
        if (visible != null) {
            return visible;
        }
        TensorFlow.version(); // loads the native library
        List<Device> out = new ArrayList<>();
        TF_Status status = TF_Status.newStatus();
        TF_Graph g = TF_NewGraph();
        TF_SessionOptions opts = TF_NewSessionOptions();
        try {
            TF_Session s = TF_NewSession(g, opts, status);
            status.throwExceptionIfNotOK();
            try {
                TF_DeviceList list = TF_SessionListDevices(s, status);
                status.throwExceptionIfNotOK();
                try {
                    for (int i = 0; i < TF_DeviceListCount(list); i++) {
                        String name = TF_DeviceListName(list, i, status).getString();
                        String type = TF_DeviceListType(list, i, status).getString();
                        out.add(new Device(name, type, TF_DeviceListMemoryBytes(list, i, status)));
                    }
                } finally {
                    TF_DeleteDeviceList(list);
                }
            } finally {
                TF_CloseSession(s, status);
                TF_DeleteSession(s, status);
            }
        } finally {
            TF_DeleteSessionOptions(opts);
            TF_DeleteGraph(g);
            status.delete();
        }
        visible = List.copyOf(out);
        return visible;
    }

    /** Number of GPUs TensorFlow sees. */
    public static int gpus() {
        return (int) visible().stream().filter(d -> d.type().equalsIgnoreCase("GPU")).count();
    }

    /**
     * Resolves {@code --device} against the GPUs TensorFlow sees: {@code cpu} or {@code gpu:N}.
     *
     * @throws ConfigException naming the problem and the fix when a GPU is asked for and none (or not that one) is seen
     */
    public static String resolve(String spec) {
        return resolve("--device", spec);
    }

    /** {@link #resolve(String)} for the option named {@code option} (its messages name it). */
    static String resolve(String option, String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return "cpu";
        }
        if (s.equals("auto")) {
            return gpus() > 0 ? "gpu:0" : "cpu";
        }
        int index;
        if (s.equals("gpu")) {
            index = 0;
        } else if (s.startsWith("gpu:")) {
            try {
                index = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                throw new ConfigException(option + " " + spec + ": expected auto, cpu, gpu or gpu:N with N a number");
            }
        } else {
            throw new ConfigException(option + " " + spec + ": expected auto, cpu, gpu or gpu:N");
        }
        int n = gpus();
        if (n == 0) {
            throw new ConfigException(noGpu(option, spec, gpuBuild()));
        }
        if (index < 0 || index >= n) {
            throw new ConfigException(option + " " + spec + ": TensorFlow sees " + n + " GPU(s), numbered 0 to " + (n - 1));
        }
        return "gpu:" + index;
    }

    /** The one-line refusal of {@code --device spec} when TensorFlow sees no GPU, for the CPU or the GPU build. */
    static String noGpu(String option, String spec, boolean gpuBuild) {
        return option + " " + spec + (gpuBuild
                ? ": this is TensorFlow's GPU build, but it found no usable NVIDIA GPU (no driver, no device, a missing CUDA "
                        + "library, or CUDA failed to start); run 'ncd doctor' in the same environment to see which, or use --device cpu or auto"
                : ": TensorFlow sees no GPU in this process; run with NCD_PROFILE=gpu ./ncd … (the linux-x86_64-gpu TensorFlow build) "
                        + "on a machine with an NVIDIA driver ('NCD_PROFILE=gpu ./ncd doctor' checks it), or use --device cpu or auto");
    }

    /** Whether the TensorFlow native library is the {@code linux-x86_64-gpu} build (on the module path or the class path). */
    public static boolean gpuBuild() {
        return ModuleLayer.boot().configuration().findModule("tensorflow.nativelib.linux.x86_64")
                .flatMap(m -> m.reference().location()).map(Devices::gpuJar)
                .orElseGet(() -> ClassLoader.getSystemResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/LICENSE") != null);
    }

    /** Whether the native jar at {@code location} is the GPU one: its file name says so (not a folder above it). */
    static boolean gpuJar(java.net.URI location) {
        String path = location.getPath();
        return path != null && path.substring(path.lastIndexOf('/') + 1).contains("linux-x86_64-gpu");
    }

    /** Checks that {@code precision} can run on {@code device}; returns a one-line description of how it runs. */
    public static String precisionPlan(String device, String precision) {
        boolean gpu = device.startsWith("gpu");
        return switch (precision) {
            case "fp32" -> gpu ? "float32" + (tf32Disabled() ? "" : " (TF32 matmuls/convolutions: NVIDIA_TF32_OVERRIDE is not 0)") : "float32";
            case "tf32" -> gpu ? (tf32Disabled() ? "float32 (TF32 disabled by NVIDIA_TF32_OVERRIDE=0 in the environment)" : "TF32 matmuls/convolutions")
                    : "float32 (TF32 exists on GPUs only)";
            case "fp16" -> gpu ? "float16 compute, float32 master weights, dynamic loss scaling (CUDA mixed-precision rewrite)"
                    : "float16 compute emulated on the CPU (slow; for checking numerics), float32 master weights, dynamic loss scaling";
            case "bf16" -> {
                if (gpu) {
                    throw new ConfigException("--precision bf16 on a GPU: TensorFlow's mixed-precision graph rewrite makes float16 on GPUs "
                            + "and bfloat16 on CPUs only; use --precision fp16 (loss-scaled) on the GPU, or bf16 with --device cpu");
                }
                yield "bfloat16 compute (oneDNN mixed-precision rewrite), float32 master weights";
            }
            default -> throw new ConfigException("--precision " + precision + ": expected fp32, tf32, bf16 or fp16");
        };
    }

    private static boolean tf32Disabled() {
        return "0".equals(System.getenv("NVIDIA_TF32_OVERRIDE"));
    }

    /** Whether the JVM was started with the CPU XLA flag TensorFlow needs to cluster CPU graphs. */
    static boolean cpuJitFlag() {
        String f = System.getenv("TF_XLA_FLAGS");
        return f != null && f.contains("--tf_xla_cpu_global_jit");
    }

    /** The session configuration of a run: threads, device visibility, the mixed-precision rewrite and XLA. */
    public static ConfigProto sessionConfig(TrainConfig cfg, String device) {
        String precision = cfg.precision();
        boolean xla = cfg.xla();
        return sessionConfig(cfg.threads(), device, precision, xla);
    }

    public static ConfigProto sessionConfig(int threads, String device, String precision, boolean xla) {
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(Math.min(2, threads));
        if (device.startsWith("gpu")) {
            b.setAllowSoftPlacement(true) // ops without a GPU kernel (integer bookkeeping) go to the CPU; Placement checks the heavy ones
                    .setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(device.substring(4)).setAllowGrowth(true));
        } else {
            b.putDeviceCount("GPU", 0);
        }
        RewriterConfig.Builder rw = RewriterConfig.newBuilder();
        boolean gpu = device.startsWith("gpu");
        switch (precision) {
            case "fp16" -> {
                if (gpu) {
                    rw.setAutoMixedPrecision(RewriterConfig.Toggle.ON);
                } else {
                    rw.setAutoMixedPrecisionCpu(RewriterConfig.Toggle.ON);
                }
            }
            case "bf16" -> rw.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
            default -> {
            }
        }
        GraphOptions.Builder go = GraphOptions.newBuilder().setRewriteOptions(rw);
        if (xla) {
            go.setOptimizerOptions(OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1));
        }
        return b.setGraphOptions(go).build();
    }

    /** Refuses --xla on the CPU when the JVM lacks TensorFlow's CPU JIT flag (XLA would silently do nothing). */
    static void checkXla(String device, boolean xla) {
        if (xla && !device.startsWith("gpu") && !cpuJitFlag()) {
            throw new ConfigException("--xla on the CPU needs the environment variable TF_XLA_FLAGS=--tf_xla_cpu_global_jit before the JVM "
                    + "starts (the ncd script sets it); without it XLA would silently not run");
        }
        if (xla && !device.startsWith("gpu")) {
            org.apache.logging.log4j.LogManager.getLogger(Devices.class).warn("--xla on the CPU: XLA's CPU code is slower than TensorFlow's "
                    + "oneDNN kernels here (ResNet-18 measured 2.7x slower on 2 cores); XLA is meant for GPUs");
        }
    }
}
