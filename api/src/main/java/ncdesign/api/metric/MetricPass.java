package ncdesign.api.metric;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import ncdesign.api.PluginException;
import ncdesign.api.annotation.Stable;
import ncdesign.api.param.Params;

/**
 * One metrics pass over a feature set: the store its metrics share and a {@link MetricContext} per metric. The pass
 * holds the set and whatever its metrics shared; {@link #close()} drops both, and a pass that is no longer referenced
 * retains nothing (there is no static cache), so the features of a pass never outlive it.
 *
 * <p>{@link MetricContext#shared} is synchronised, so the metrics of one pass may also run in parallel: a value is
 * computed once while the others wait.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class MetricPass implements AutoCloseable {
    private FeatureSet features;
    private final MetricKernels kernels;
    private final Map<Object, Object> store = new HashMap<>();

    private MetricPass(FeatureSet features, MetricKernels kernels) {
        this.features = Objects.requireNonNull(features, "features");
        this.kernels = kernels;
    }

    /** A pass over {@code features} with the metrics' own Java code. */
    public static MetricPass over(FeatureSet features) {
        return new MetricPass(features, null);
    }

    /** A pass over {@code features} computing on {@code kernels} (null: the metrics' own Java code). */
    public static MetricPass over(FeatureSet features, MetricKernels kernels) {
        return new MetricPass(features, kernels);
    }

    /** The context of one metric of this pass, with its (validated) parameters. */
    public MetricContext context(Params params) {
        Objects.requireNonNull(params, "params");
        return new MetricContext() {
            @Override
            public FeatureSet features() {
                FeatureSet fs = features;
                if (fs == null) {
                    throw new IllegalStateException("this metrics pass is closed");
                }
                return fs;
            }

            @Override
            public Optional<MetricKernels> kernels() {
                return Optional.ofNullable(kernels);
            }

            @Override
            public Params params() {
                return params;
            }

            @Override
            public <T> T shared(Object key, Class<T> type, Supplier<? extends T> compute) {
                return MetricPass.this.shared(key, type, compute);
            }
        };
    }

    /** How many values the metrics of this pass have shared (for tests and logs). */
    public synchronized int sharedCount() {
        return store.size();
    }

    // reentrant (a shared value may be built from another one), so no computeIfAbsent
    private synchronized <T> T shared(Object key, Class<T> type, Supplier<? extends T> compute) {
        Objects.requireNonNull(key, "key");
        if (features == null) {
            throw new IllegalStateException("this metrics pass is closed");
        }
        Object v = store.get(key);
        if (v == null) {
            v = compute.get();
            if (v == null) {
                throw new PluginException("the shared value for key " + key + " was computed as null; return a value or compute it unshared");
            }
            store.put(key, v);
        }
        if (!type.isInstance(v)) {
            throw new PluginException("the shared value for key " + key + " is a " + v.getClass().getName() + ", not a "
                    + type.getName() + "; two plugins use the same key: give each its own key type");
        }
        return type.cast(v);
    }

    /** Drops the shared values and the feature set; the contexts of this pass fail afterwards. */
    @Override
    public synchronized void close() {
        store.clear();
        features = null;
    }
}
