package ncdesign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.core.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncd scl}: supervised contrastive training, then fixed prototypes against the probes they replace, on the
 * same encoder, with accuracy, cost (encoder passes, seconds) and the Neural Collapse of each classifier.
 */
@Command(name = "scl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train with supervised contrastive learning (two views, projection head), then compare fixed",
            "prototypes (FP) with linear probing (LP, re-augmented), cached LP and the normalised probe (NLP):",
            "accuracy, encoder passes, seconds and NC metrics (the paper's Tables 2 and 3). Accepts the 'ncd train' options."})
final class SclCommand implements Callable<Integer> {
    /** The training options whose defaults differ here from 'ncd train' (shown by --help, applied by call). */
    static final Map<String, Object> DEFAULTS = Map.of("loss", "scl",
            "evaluators", "fixed-prototypes,linear-probe,linear-probe-cached,normalized-probe");

    @Spec
    CommandSpec spec;

    @Option(names = "--probe-epochs", defaultValue = "100", description = "epochs T of the probes (default: ${DEFAULT-VALUE}; milestones scale with it)")
    int probeEpochs;

    @Option(names = "--probe-lr", description = "learning rate of the linear probes (default: 5.0)")
    Double probeLr;

    @Option(names = "--loss-param", paramLabel = "KEY=VALUE", description = "a hyper-parameter of the loss (repeatable)")
    List<String> lossParams = new ArrayList<>();

    @Option(names = "--backbone-param", paramLabel = "KEY=VALUE", description = "a hyper-parameter of the backbone (repeatable)")
    List<String> backboneParams = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, Object> cli = new LinkedHashMap<>(DEFAULTS);
        cli.putAll(TrainCommand.given(spec));
        int t = probeEpochs;
        // parameters only for the probes that run: parameters of an evaluator that does not run are refused
        List<String> named = java.util.Arrays.stream(String.valueOf(cli.get("evaluators")).split(",")).map(String::trim).toList();
        List<String> selected = named.contains("all") ? List.of("linear-probe", "linear-probe-cached", "normalized-probe") : named;
        List<String> ev = new ArrayList<>();
        for (String probe : List.of("linear-probe", "linear-probe-cached", "normalized-probe")) {
            if (!selected.contains(probe)) {
                continue;
            }
            ev.add(probe + ".epochs=" + t);
            if (probeLr != null && !probe.equals("normalized-probe")) {
                ev.add(probe + ".lr=" + probeLr);
            }
        }
        TrainConfig cfg = TrainConfig.resolve(null, cli, TrainConfig.pairs("--loss-param", lossParams),
                TrainConfig.pairs("--backbone-param", backboneParams)).withEvaluatorParams(ev);
        if ((cfg.loss().equals("scl") || cfg.loss().equals("prototype")) && selected.contains("normalized-probe")) {
            String tau = String.valueOf(cfg.tau() > 0 ? cfg.tau() : 0.1);
            cfg = cfg.withEvaluatorParams(List.of("normalized-probe.tau=" + tau));
        }
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        Trainer.run(cfg, reg, System.out);
        return 0;
    }
}
