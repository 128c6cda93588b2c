package ncdesign.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.experiments.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncd bench train}: throughput of training steps and of the input pipeline, and the fraction of peak FLOP/s. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure training throughput (images/s, data pipeline included), the input pipeline alone, and",
            "the achieved fraction of this machine's measured matmul FLOP/s. Accepts the 'ncd train' options, with",
            "defaults of its own for the backbone, dataset and batch (listed with the options below).",
            "'ncd bench metrics' times the whole NC metric suite on a seeded N x d x K feature cache (default 50,000 x 512 x 100)",
            "on --metrics-device (default: where --device trains)."})
final class BenchCommand implements Callable<Integer> {
    /** The training options whose defaults differ here from 'ncd train' (shown by --help, applied by call). */
    static final Map<String, Object> DEFAULTS = Map.of("backbone", "resnet18", "dataset", "synthetic", "batch", 128);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", defaultValue = "train", paramLabel = "WHAT", description = "what to measure: train (default) or metrics")
    String what;

    @Mixin
    SyntheticCacheOptions size;

    @Option(names = "--steps", defaultValue = "10", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() throws java.io.IOException {
        if (what.equals("metrics")) {
            TrainConfig cfg = TrainConfig.resolve(null, TrainCommand.given(spec), Map.of(), Map.of());
            PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
            java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("ncd-bench");
            try {
                Benchmark.print(System.out, Benchmark.metrics(reg.list(ncdesign.api.PluginKind.METRIC), size.n, size.d, size.classes, 42, tmp,
                        ncdesign.core.train.MetricDevice.kernels(cfg.metricsDevice(),
                                cfg.device(), cfg.threads())));
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
            return 0;
        }
        if (!what.equals("train")) {
            throw new ConfigException("unknown benchmark '" + what + "'; known: train, metrics");
        }
        Map<String, Object> cli = new LinkedHashMap<>(DEFAULTS);
        cli.putAll(TrainCommand.given(spec));
        TrainConfig cfg = TrainConfig.resolve(null, cli, Map.of(), Map.of());
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        Benchmark.Figures f = Benchmark.train(cfg, reg, warmup, steps, System.out);
        Benchmark.print(System.out, cfg, f);
        return 0;
    }
}
