package ncdesign.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.api.PluginKind;
import ncdesign.api.error.ConfigException;
import ncdesign.api.metric.FeatureSet;
import ncdesign.api.metric.MetricKernels;
import ncdesign.api.metric.MetricValue;
import ncdesign.features.ArrowFeatureSet;
import ncdesign.features.FeatureCaches;
import ncdesign.features.FeatureCheck;
import ncdesign.features.NpyFeatureSet;
import ncdesign.core.plugin.PluginInfo;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.io.Json;
import ncdesign.core.train.MetricJson;
import ncdesign.core.train.Analysis;
import ncdesign.core.train.MetricPlan;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.train.Report;
import ncdesign.io.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd metrics}: NC metrics of an Arrow feature cache, or of NumPy arrays exported from another framework. */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compute Neural Collapse metrics from a feature cache (runs/<run>/" + RunLayout.FEATURES + "/" + RunLayout.CACHE_GLOB + ")",
            "or from NumPy .npy files (--features/--labels/--weights)."})
final class MetricsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "CACHE", description = "an Arrow feature cache written by ncd train")
    Path cache;

    @Option(names = "--features", paramLabel = "F.npy", description = "N×d float features")
    Path features;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "N integer labels in 0..K-1")
    Path labels;

    @Option(names = "--weights", paramLabel = "W.npy", description = "K×d classifier weights (optional)")
    Path weights;

    @Option(names = "--bias", paramLabel = "B.npy", description = "K classifier biases (optional)")
    Path bias;

    @Option(names = "--predictions", paramLabel = "P.npy", description = "N predicted labels (optional)")
    Path predictions;

    @Option(names = "--column", paramLabel = "NAME", description = "feature column of the cache (default: features; head_features for SCL)")
    String column;

    @Option(names = "--metrics", defaultValue = "all", paramLabel = "LIST", description = "comma-separated metric names, or all (default)")
    String metrics;

    @Option(names = "--metric-param", paramLabel = "NAME.KEY=VALUE", description = "a hyper-parameter of a metric, e.g. nc1.rcond=1e-8 (repeatable; see 'ncd plugins')")
    List<String> metricParams = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "also write the values as JSON")
    Path json;

    @Option(names = "--write-cache", paramLabel = "FILE.arrow", description = "with .npy inputs: also save them as an Arrow feature cache")
    Path writeCache;

    @Option(names = "--force", description = "let --write-cache replace an existing file (never one of the inputs)")
    boolean force;

    @Option(names = "--exclude-zero-rows", description = "measure without feature rows of norm 0 (they have no direction; counted on stderr)"
            + " instead of refusing them")
    boolean excludeZeroRows;

    @Option(names = "--no-verify", description = "read the Arrow cache without checking the checksum recorded when it was written")
    boolean noVerify;

    @Option(names = "--plugins", defaultValue = "plugins", paramLabel = "DIR", description = "folder of third-party plugin jars")
    Path plugins;

    @Option(names = "--metrics-device", defaultValue = "java", paramLabel = "DEVICE",
            description = "where the matrix products and spectra run: java (default, the CPU), cpu, gpu, gpu:N or auto (a GPU if seen)")
    String metricsDevice;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads for TensorFlow (0 = all cores)")
    int threads;

    @Override
    public Integer call() throws Exception {
        PluginRegistry reg = PluginRegistry.discover(plugins);
        List<PluginInfo> selected = new ArrayList<>();
        if (metrics.equals("all")) {
            selected.addAll(reg.list(PluginKind.METRIC));
        } else {
            for (String n : Arrays.stream(metrics.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                selected.add(reg.get(PluginKind.METRIC, n));
            }
        }
        MetricPlan plan = MetricPlan.resolve(reg, selected, TrainConfig.dottedPairs("--metric-param", "nc1.rcond=1e-8", metricParams));
        // no training device here: auto means a GPU when TensorFlow sees one
        MetricKernels kernels = ncdesign.core.train.MetricDevice.kernels(metricsDevice, "auto",
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        List<MetricValue> values;
        if (cache != null) {
            if (features != null || labels != null) {
                throw new ConfigException("give either an Arrow cache or --features/--labels .npy files, not both"
                        + " (--weights/--bias may go with a cache)");
            }
            if (writeCache != null) {
                throw new ConfigException("--write-cache saves .npy inputs as an Arrow cache; " + cache + " is one already");
            }
            checkOutputs(cache, weights, bias);
            try (ArrowFeatureSet fs = ArrowFeatureSet.open(cache, !noVerify)) {
                FeatureSet view = column == null ? fs : fs.select(column);
                FeatureCheck.Sources sources = FeatureCheck.Sources.of(cache.toString());
                if (weights != null) {
                    // measure another classifier (e.g. an evaluator's classifier-*.weights.npy) on the cached features
                    FeatureSet w = NpyFeatureSet.classifier(weights, bias, view.numClasses(), view.dim());
                    view = new ncdesign.features.WithClassifier(view, w.weights().orElseThrow(), w.bias().orElse(null));
                    sources = sources.withWeights(weights.toString());
                }
                values = Analysis.metrics(plan, checked(view, sources), kernels);
            }
        } else {
            if (features == null || labels == null) {
                throw new ConfigException("nothing to measure: give an Arrow cache, or --features F.npy and --labels Y.npy");
            }
            checkOutputs(features, labels, weights, bias, predictions);
            FeatureSet fs = NpyFeatureSet.open(features, labels, weights, bias, predictions);
            FeatureCheck.Checked checked = checked(fs, new FeatureCheck.Sources(features.toString(), labels.toString(),
                    String.valueOf(weights), String.valueOf(predictions)));
            if (writeCache != null) {
                FeatureCaches.write(fs, writeCache, java.util.Map.of("ncd.source", features.getFileName().toString()));
            }
            values = Analysis.metrics(plan, checked, kernels);
        }
        Report.printMetrics(System.out, values);
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (MetricValue v : values) {
                m.put(v.name(), MetricJson.of(v));
            }
            ncdesign.io.AtomicFiles.writeString(json, Json.write(m) + "\n");
        }
        return 0;
    }

    /** Checks the set; rows of norm 0 are refused unless --exclude-zero-rows. */
    private FeatureCheck.Checked checked(FeatureSet fs, FeatureCheck.Sources sources) {
        FeatureCheck.Checked c = FeatureCheck.scan(fs, sources);
        if (excludeZeroRows) {
            c.withoutZeroRows(); // fails when no row is left
            return c;
        }
        return c.refuseZeroRows(": remove them, or pass --exclude-zero-rows to measure without them");
    }

    /** Before any work: no output may overwrite an input, and --write-cache replaces an existing file only with --force. */
    private void checkOutputs(Path... inputs) {
        for (Path out : java.util.Arrays.asList(writeCache, json)) {
            if (out == null) {
                continue;
            }
            for (Path in : inputs) {
                if (in != null && sameFile(in, out)) {
                    throw new ConfigException((out == json ? "--json " : "--write-cache ") + out + " is an input of this command;"
                            + " it would be overwritten: write to another file");
                }
            }
        }
        if (writeCache != null && json != null && sameFile(writeCache, json)) {
            throw new ConfigException("--write-cache and --json name the same file " + json + "; give them different names");
        }
        if (writeCache != null && Files.exists(writeCache) && !force) {
            throw new ConfigException("--write-cache " + writeCache + " exists; pass --force to replace it, or choose another name");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (java.io.IOException e) {
            // fall back to comparing the paths
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
