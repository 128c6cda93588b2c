package ncdesign.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.core.config.TrainConfig;
import ncdesign.core.plugin.PluginRegistry;
import ncdesign.core.train.Trainer;
import ncdesign.io.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ncd quickstart}: a short real run on Fashion-MNIST that shows accuracy, the NC metrics and the run folder. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an MLP with cross-entropy on Fashion-MNIST for 2 epochs, then print test accuracy and",
            "the Neural Collapse metrics. Takes about a minute on 2 cores. Accepts every 'ncd train' option."})
final class QuickstartCommand implements Callable<Integer> {
    /** The run quickstart makes, whatever 'ncd train' defaults to (shown by --help, applied by call). */
    static final Map<String, Object> DEFAULTS = Map.of("dataset", "fashion-mnist", "backbone", "mlp", "loss", "ce", "epochs", 2);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> cli = new LinkedHashMap<>(DEFAULTS);
        cli.putAll(TrainCommand.given(spec));
        TrainConfig cfg = TrainConfig.resolve(null, cli, Map.of(), Map.of());
        PluginRegistry reg = PluginRegistry.discover(cfg.plugins());
        Trainer.Result r = Trainer.run(cfg, reg, System.out);
        System.out.println();
        System.out.println("Next: look inside " + r.runDir() + " (" + RunLayout.SUMMARY + ", " + RunLayout.METRICS_CSV + ", " + RunLayout.FEATURES + "/" + RunLayout.CACHE_GLOB + "),");
        String other = cfg.loss().equals("nonl") ? "ce" : "nonl";
        System.out.println("      train the same model with " + (other.equals("nonl") ? "the paper's NONL loss" : "cross-entropy") + ": ./ncd train --dataset "
                + cfg.dataset() + " --backbone " + cfg.backbone() + " --loss " + other + " --epochs " + cfg.epochs() + " --out " + cfg.out() + " --name " + other);
        System.out.println("      and compare the two: ./ncd report " + r.runDir() + " " + cfg.out().resolve(other) + " --out report"
                + "   (./ncd plugins lists every loss)");
        return 0;
    }
}
