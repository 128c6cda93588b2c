package ncdesign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.experiments.reproduce.Reproduce;
import ncdesign.experiments.reproduce.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd reproduce --scale S}: the paper's tables and figures at a chosen scale, in one resumable report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the experiments behind the paper's Tables 1-3, 6, 7, 9-10, 13, 14 and Figures 2-3 with every",
            "method, and write one report (HTML, Markdown, CSV) with our numbers beside the published ones.",
            "Resumable: finished runs are kept, interrupted ones resume from their checkpoint.",
            "Scales: theory (unconstrained features, minutes on a CPU), tiny (Fashion-MNIST and CIFAR-10 when present,",
            "small backbones, under an hour on 2 cores), small and paper (ResNet-18 on CIFAR with the paper's",
            "hyper-parameters, for a GPU; the estimated time is shown and confirmed above an hour)."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--scale", required = true, paramLabel = "SCALE", description = "theory, tiny, small or paper")
    String scale;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "tables to run, e.g. table1,table3,figure2 (default: all)")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: reproduce-SCALE)")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder holding the datasets (else $NCD_DATA, then /usr/share/datasets)")
    Path dataDir;

    @Option(names = "--yes", description = "start without asking when the estimate is above an hour")
    boolean yes;

    @Option(names = "--dry-run", description = "print the runs and the time estimate, then stop")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Scale s = Scale.parse(scale);
        Path dir = out != null ? out : Path.of("reproduce-" + scale.toLowerCase(java.util.Locale.ROOT));
        Reproduce.run(s, only, dir, dataDir, yes, dryRun, System.out);
        return 0;
    }
}
