package ncdesign.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.experiments.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd sweep SWEEP.yaml}: a resumable grid of runs with a mean ± std summary and the τ × batch phase diagram. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of trainings from a YAML file (base: {options}, grid: {option: [values]}), resumably:",
            "finished runs are skipped, checkpointed ones resumed. Keys are options or plugin parameters (loss.KEY,",
            "backbone.KEY, evaluator.NAME.KEY, metric.NAME.KEY). Prints mean ± std over seeds; with batch and a",
            "temperature (tau, or loss.T for the loss's declared temperature T) in the grid, writes the accuracy phase",
            "diagram (Figure 3)."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP.yaml")
    Path file;

    @Option(names = "--out", defaultValue = "runs/sweep", paramLabel = "DIR", description = "folder of the runs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--parallel", defaultValue = "1", description = "runs at a time; CPU threads are shared among them (default: ${DEFAULT-VALUE})")
    int parallel;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > Runtime.getRuntime().availableProcessors()) {
            throw new ConfigException("--parallel must be between 1 and the " + Runtime.getRuntime().availableProcessors()
                    + " cores of this machine, got " + parallel);
        }
        Sweep.run(file, out, parallel, System.out);
        return 0;
    }
}
