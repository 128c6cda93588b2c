package ncdesign.api.metric;

import java.util.Optional;
import java.util.function.Supplier;
import ncdesign.api.annotation.Stable;
import ncdesign.api.param.Params;

/**
 * What a metric gets for one computation: the features, the kernels of the run's metric device, the user's values of
 * this metric's parameters, and a store shared by every metric of the same pass, so that work several metrics need
 * (per-class statistics, spectra) is done once. The store lives exactly as long as the pass: nothing a metric puts in
 * it outlives the feature set. The runtime builds the contexts ({@link MetricPass}); metric plugins only call them.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface MetricContext {

    /** The feature set to measure. */
    FeatureSet features();

    /**
     * The kernels for the heavy linear algebra on the run's {@code --metrics-device}; empty means the metric's own
     * Java code (the default, and all a context has without a runtime).
     */
    Optional<MetricKernels> kernels();

    /** This metric's parameters: the user's values, validated against the provider's specs, defaults elsewhere. */
    Params params();

    /**
     * The value stored under {@code key} in this pass, computed by {@code compute} the first time any metric of the
     * pass asks. Keys compare with {@code equals}: use a plugin-private type (e.g. a record of the parameters the value
     * depends on) so that keys of different plugins never meet. A failing {@code compute} stores nothing; the next
     * caller computes again (and names itself in its error).
     *
     * @throws ncdesign.api.PluginException when the stored value is not a {@code type}, or {@code compute} returns null
     */
    <T> T shared(Object key, Class<T> type, Supplier<? extends T> compute);
}
