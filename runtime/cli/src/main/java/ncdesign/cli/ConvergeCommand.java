package ncdesign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.io.RunLayout;
import ncdesign.report.Convergence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd converge}: when each metric converges, and how early each run reaches a baseline's final geometry. */
@Command(name = "converge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convergence of the NC metric trajectories (runs trained with --nc-every): the first step from",
            "which the EWMA stays within the threshold of the optimum (optimum-0 metrics: below the tolerance), and",
            "the first step reaching the baseline's final value, as a %% of the baseline's steps (the paper's Table 7)."})
final class ConvergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run folders with " + RunLayout.TRAJECTORY_JSONL)
    List<Path> runs;

    @Option(names = "--baseline", paramLabel = "RUN_DIR", description = "baseline run, e.g. the CE run")
    Path baseline;

    @Option(names = "--smoothing", defaultValue = "0.6", description = "EWMA factor alpha in [0, 1) (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--threshold", defaultValue = "95", description = "%% of optimum that counts as converged (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--tolerance", defaultValue = "0.05", description = "value below which an optimum-0 metric counts as converged (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Override
    public Integer call() {
        if (alpha < 0 || alpha >= 1) {
            throw new ConfigException("--smoothing must be in [0, 1), got " + alpha);
        }
        Map<String, Convergence.Series> base = baseline == null ? null : Convergence.read(baseline);
        long baseSteps = 0;
        if (base != null && !base.isEmpty()) {
            long[] s = base.values().iterator().next().steps();
            baseSteps = s[s.length - 1];
        }
        System.out.printf(Locale.ROOT, "%-24s %-28s %16s %24s%n", "METRIC", "RUN", "CONVERGED AT", base == null ? "" : "REACHES BASELINE AT");
        for (Path run : runs) {
            Map<String, Convergence.Series> series = Convergence.read(run);
            for (Map.Entry<String, Convergence.Series> e : series.entrySet()) {
                Convergence.Series s = e.getValue();
                long c = Convergence.convergedStep(s, alpha, threshold, tolerance);
                String conv = c < 0 ? "never" : "step " + c;
                String reach = "";
                if (base != null && base.containsKey(e.getKey())) {
                    long r = Convergence.reachesStep(s, base.get(e.getKey()), alpha);
                    reach = r < 0 ? "never" : String.format(Locale.ROOT, "step %d (%.1f%%)", r, 100.0 * r / Math.max(1, baseSteps));
                }
                System.out.printf(Locale.ROOT, "%-24s %-28s %16s %24s%n", e.getKey(), run.getFileName(), conv, reach);
            }
        }
        return 0;
    }
}
