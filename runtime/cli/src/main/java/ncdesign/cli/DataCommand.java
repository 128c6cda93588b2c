package ncdesign.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.data.DataFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd data fetch NAME}: download a dataset from its official source and verify its checksum. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Dataset utilities. 'ncd data fetch NAME' downloads fashion-mnist, mnist, cifar10 or cifar100 "
                + "from the official source, checks the published MD5s and unpacks them (needs internet access).")
final class DataCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "fetch")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", description = "fashion-mnist, mnist, cifar10 or cifar100")
    String name;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where to put it (default: $NCD_DATA, else ./data)")
    Path dir;

    @Override
    public Integer call() {
        if (!action.equals("fetch")) {
            throw new ConfigException("unknown action '" + action + "'; known: fetch");
        }
        Path target = dir != null ? dir : Path.of(System.getenv().getOrDefault("NCD_DATA", "data"));
        Path where = DataFetcher.fetch(name, target, System.err);
        System.out.println(name + " is in " + where.toAbsolutePath() + "; train with --data-dir " + target);
        return 0;
    }
}
