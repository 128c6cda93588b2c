package ncdesign.core.train;

import java.util.Locale;
import ncdesign.api.error.ConfigException;
import ncdesign.api.metric.MetricKernels;

/** Chooses where the metric suite's heavy linear algebra runs ({@code --metrics-device}). */
public final class MetricDevice {
    private MetricDevice() {
    }

    /**
     * The kernels for {@code --metrics-device spec} in a run on {@code --device trainDevice}: {@code auto} follows a
     * GPU run onto its GPU and otherwise uses the metrics' Java code (measured faster than TensorFlow's CPU kernels,
     * see the README); {@code java} forces Java; {@code cpu}, {@code gpu} or {@code gpu:N} use TensorFlow there.
     *
     * @return the kernels, or null for the metrics' own Java code
     */
    public static MetricKernels kernels(String spec, String trainDevice, int threads) {
        return on(resolve(spec, trainDevice), threads, null);
    }

    /**
     * The kernels on a device {@link #resolve} returned: null for {@code java}, else TensorFlow there, each traced
     * placement logged and also handed to {@code placements} (may be null).
     */
    static MetricKernels on(String device, int threads, java.util.function.Consumer<Placement> placements) {
        if (device.equals("java")) {
            return null;
        }
        return new DeviceKernels(device, threads, p -> {
            org.apache.logging.log4j.LogManager.getLogger(MetricDevice.class).info("metric kernels: {}", p.summary());
            if (placements != null) {
                placements.accept(p);
            }
        });
    }

    /**
     * Where {@code --metrics-device spec} runs in a run on {@code trainDevice}: {@code java}, {@code cpu} or
     * {@code gpu:N}. Checked when a run starts, so a bad value stops it before any training.
     *
     * @throws ncdesign.api.error.ConfigException naming {@code --metrics-device} when the value is unknown or the GPU is not seen
     */
    public static String resolve(String spec, String trainDevice) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("java")) {
            return "java";
        }
        if (s.equals("auto")) {
            String d = Devices.resolve(trainDevice);
            return d.equals("cpu") ? "java" : d;
        }
        if (!s.equals("cpu") && !s.equals("gpu") && !s.startsWith("gpu:")) {
            throw new ConfigException("--metrics-device " + spec + ": expected auto, java, cpu, gpu or gpu:N");
        }
        return Devices.resolve("--metrics-device", s);
    }
}
