package ncdesign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd report RUN_DIR…}: HTML report with the Figure 2 panels and the accuracy, NC and convergence tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a self-contained HTML report (plus PNG and SVG charts) comparing runs: training accuracy and NC metrics vs steps, tables of final accuracy, NC metrics and convergence.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run folders (trained with --nc-every for the trajectories)")
    List<Path> runs;

    @Option(names = "--out", defaultValue = "report", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--smoothing", defaultValue = "0.6", description = "EWMA factor (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--threshold", defaultValue = "95", description = "%% of optimum counted as converged (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--tolerance", defaultValue = "0.05", description = "value below which optimum-0 metrics count as converged (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        Path f = HtmlReport.write(runs, out, alpha, threshold, tolerance);
        System.out.println("report: " + f.toAbsolutePath());
        return 0;
    }
}
