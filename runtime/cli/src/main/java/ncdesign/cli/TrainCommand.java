package ncdesign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.api.param.ParamSpec;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.config.TrainOptions;
import ncdesign.core.dist.ClusterSpec;
import ncdesign.core.dist.DistOptions;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.core.train.Trainer;
import ncdesign.io.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncd train}: its options are generated from {@link TrainOptions#SPECS}, so the command line, configuration
 * files and the run's resolved config.yaml use the same keys.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier and write a run folder (config, metrics, Arrow feature caches, checkpoint, summary).",
            "Every option can also be set in a YAML/JSON file given with --config; the command line wins."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file of options (same keys as the long options, plus loss-params/backbone-params/evaluator-params/metric-params maps)")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run from its last checkpoint, with the configuration recorded in RUN_DIR/" + RunLayout.CONFIG)
    Path resume;

    @Option(names = "--loss-param", paramLabel = "KEY=VALUE", description = "a hyper-parameter of the loss (repeatable; see 'ncd plugins')")
    List<String> lossParams = new ArrayList<>();

    @Option(names = "--backbone-param", paramLabel = "KEY=VALUE", description = "a hyper-parameter of the backbone (repeatable)")
    List<String> backboneParams = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "FILE", description = {"data-parallel training: YAML file listing the workers "
        + "('workers: [host:port, ...]', task order; worker 0 writes the run folder). Without it, the TF_CONFIG environment "
        + "variable is used when set. Every worker runs the same command with its own --task."})
    Path cluster;

    @Option(names = "--task", paramLabel = "N", description = "which worker of --cluster this process is (0 = the chief)")
    Integer task;

    @Option(names = "--dist-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "data-parallel: stop the job when a step (or the start) waits longer than this for the other workers;"
                    + " a dead worker is detected within about 10 s regardless (default: ${DEFAULT-VALUE})")
    int distTimeout;

    @Option(names = "--dist-check-every", paramLabel = "K", defaultValue = "0",
            description = "data-parallel debug mode: compare a hash of every worker's weights every K steps and stop on a difference"
                    + " (0 = only at the start and the end; default: ${DEFAULT-VALUE})")
    int distCheckEvery;

    @Option(names = "--evaluator-param", paramLabel = "NAME.KEY=VALUE", description = "a hyper-parameter of an evaluator, e.g. linear-probe.epochs=20 (repeatable)")
    List<String> evaluatorParams = new ArrayList<>();

    @Option(names = "--metric-param", paramLabel = "NAME.KEY=VALUE", description = "a hyper-parameter of a metric, e.g. nc1.rcond=1e-8 (repeatable; see 'ncd plugins')")
    List<String> metricParams = new ArrayList<>();

    /**
     * Adds one long option per training option to a command, documenting {@code defaults} (the command's own
     * defaults, which its {@code call} applies before the command line) where given, else the training defaults.
     */
    static void addTrainOptions(CommandSpec cmd, Map<String, Object> defaults) {
        for (ParamSpec p : TrainOptions.SPECS) {
            String c = p.constraint();
            Object given = defaults.getOrDefault(p.name(), p.defaultValue());
            Object def = given instanceof List<?> l ? (l.isEmpty() ? "none" : l) : given;
            OptionSpec.Builder b = OptionSpec.builder("--" + p.name());
            if (p.type() == ncdesign.api.param.ParamType.BOOLEAN) {
                b.arity("0..1").fallbackValue("true"); // --flag means true; --flag false is accepted too
            }
            cmd.addOption(b
                    .paramLabel(p.name().toUpperCase().replace('-', '_'))
                    .type(String.class)
                    // picocli formats descriptions: a literal % (as in --max-skipped's 1%) is written %%
                    .description((p.description() + " (default: " + def + (c.isEmpty() ? "" : "; " + c) + ")").replace("%", "%%"))
                    .build());
        }
    }

    /** The training options given explicitly on this command line. */
    static Map<String, Object> given(CommandSpec cmd) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : cmd.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName().substring(2);
            if (TrainOptions.SPECS.stream().anyMatch(p -> p.name().equals(name))) {
                out.put(name, o.getValue());
            }
        }
        return out;
    }

    /** The data-parallel settings of this command line, or null for a single-process run. */
    DistOptions dist() {
        ClusterSpec c = ClusterSpec.resolve(cluster, task, System.getenv("TF_CONFIG"));
        if (c == null) {
            return null;
        }
        if (distTimeout < 0 || distCheckEvery < 0) {
            throw new ConfigException("--dist-timeout and --dist-check-every must be 0 or more");
        }
        return new DistOptions(c, distTimeout, distCheckEvery);
    }

    @Override
    public Integer call() throws Exception {
        DistOptions dist = dist();
        if (resume != null) {
            if (!given(spec).isEmpty() || config != null || !lossParams.isEmpty() || !backboneParams.isEmpty() || !metricParams.isEmpty()
                    || !evaluatorParams.isEmpty()) {
                throw new ConfigException("--resume continues a run exactly as it was configured; drop the other options"
                        + " (they are read from " + RunLayout.config(resume) + ")");
            }
            Trainer.resume(resume, System.out, dist);
            return 0;
        }
        TrainConfig cfg = TrainConfig.resolve(config, given(spec),
                TrainConfig.pairs("--loss-param", lossParams), TrainConfig.pairs("--backbone-param", backboneParams))
                .withEvaluatorParams(evaluatorParams)
                .withMetricParams(metricParams);
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        Trainer.run(cfg, reg, System.out, dist);
        return 0;
    }
}
