package ncdesign.runtime.train;

import java.util.Locale;
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
        return kernels(spec, trainDevice, threads, null);
    }

    /** As {@link #kernels(String, String, int)}; each traced placement is also handed to {@code placements} (may be null). */
    public static MetricKernels kernels(String spec, String trainDevice, int threads, java.util.function.Consumer<Placement> placements) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("java")) {
            return null;
        }
        String device = s.equals("auto") ? Devices.resolve(trainDevice) : Devices.resolve(s);
        if (s.equals("auto") && device.equals("cpu")) {
            return null;
        }
        return new DeviceKernels(device, threads, p -> {
            org.apache.logging.log4j.LogManager.getLogger(MetricDevice.class).info("metric kernels: {}", p.summary());
            if (placements != null) {
                placements.accept(p);
            }
        });
    }
}
