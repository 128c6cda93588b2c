package ncdesign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.experiments.Robustness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd robustness --runs RUN…}: corruption robustness of trained runs (the paper's Table 5 on CIFAR-10-C-style data). */
@Command(name = "robustness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate trained runs on their test set corrupted by the 15 CIFAR-10-C corruptions at severities 1-5",
            "(generated in Java, once per corruption and severity, shared by all runs) and print Table 5's layout: clean error,",
            "mCE and the error per corruption averaged over the severities; with --baseline also normalised by the baseline",
            "(CE_c = sum_s E_s,c / sum_s E_s,c(baseline)). A run is scored by its loss's classifier; a run without one (SCL)",
            "by the classifier an evaluator saved (fixed-prototypes first). Writes robustness.csv, .md and .json into --out."})
final class RobustnessCommand implements Callable<Integer> {
    @Option(names = "--runs", required = true, split = ",", paramLabel = "RUN_DIR", description = "trained run folders (comma-separated or repeated)")
    List<Path> runs;

    @Option(names = "--baseline", paramLabel = "RUN_DIR", description = "run whose errors normalise the others (e.g. the CE run); evaluated too")
    Path baseline;

    @Option(names = "--corruptions", defaultValue = "all", paramLabel = "all|LIST",
            description = "all, or a comma-separated list of names (gaussian_noise or gauss, ...) (default: ${DEFAULT-VALUE})")
    String corruptions;

    @Option(names = "--severities", defaultValue = "1-5", paramLabel = "RANGE", description = "severities, e.g. 1-5, 3 or 1,3,5 (default: ${DEFAULT-VALUE})")
    String severities;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "evaluate the first N test images (0 = all; default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--classifier", defaultValue = "auto", paramLabel = "auto|model|EVALUATOR",
            description = "what predicts: auto = the loss's classifier, else a saved evaluator classifier; model; or an evaluator name (default: ${DEFAULT-VALUE})")
    String classifier;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the test set (default: the one each run was trained with)")
    Path dataDir;

    @Option(names = "--frost-dir", paramLabel = "DIR", description = "folder of frost1.png ... frost6.jpg (default: $NCD_FROST, else ../shared/data/frost)")
    Path frostDir;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the corruptions (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "robustness", paramLabel = "DIR", description = "folder for robustness.csv/.md/.json (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (frostDir != null) {
            System.setProperty("ncd.frost", frostDir.toString());
        }
        List<String> names = Robustness.parseCorruptions(corruptions);
        boolean all = corruptions.trim().equals("all");
        Robustness.run(new Robustness.Options(runs, baseline, names, Robustness.parseSeverities(severities), limit, dataDir,
                classifier, seed, all, out), System.out, System.err);
        return 0;
    }
}
