package ncdesign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.experiments.reproduce.LongTailTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd longtail-table RUN…}: long-tailed runs in the paper's Table 6 layout, beside the published numbers. */
@Command(name = "longtail-table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Group trained runs by loss (rows) and dataset x imbalance ratio rho (columns) and print the overall",
            "test accuracy in the paper's Table 6 layout, with the published CIFAR-10/100-LT numbers beside ours where the",
            "dataset matches. Several runs of a cell (seeds) are averaged. With --out, writes longtail.md and longtail.csv",
            "(the CSV adds the run count, std and the many-/medium-/few-shot accuracies of the long-tail evaluator)."})
final class LongTailTableCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "RUN_DIR", description = "run folders, or folders of run folders")
    List<Path> positional = new ArrayList<>();

    @Option(names = "--runs", split = ",", paramLabel = "RUN_DIR", description = "run folders (comma-separated or repeated), as the positional ones")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "folder for longtail.md and longtail.csv (default: print only)")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Path> all = new ArrayList<>(positional);
        all.addAll(runs);
        if (all.isEmpty()) {
            throw new ConfigException("no run given; pass run folders (or their parent folder), e.g. ncd longtail-table runs/");
        }
        LongTailTable.run(all, out, System.out, System.err);
        return 0;
    }
}
