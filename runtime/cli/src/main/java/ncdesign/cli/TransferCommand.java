package ncdesign.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.experiments.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd transfer --encoder RUN… --dataset NAME}: linear transfer of frozen encoders (Table 4). */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Freeze each encoder, train a linear classifier (CE with bias) on a downstream dataset's features,",
            "and print top-1 accuracy, the mean and the relative improvement over a CE encoder (the paper's Table 4).",
            "Images are resized to the encoder's input; grey->RGB replicates the channel, RGB->grey takes the luma."})
final class TransferCommand implements Callable<Integer> {
    @Option(names = "--encoder", required = true, paramLabel = "RUN_DIR", description = "trained run folders (repeatable)")
    List<Path> encoders;

    @Option(names = "--dataset", required = true, description = "downstream dataset: fashion-mnist, mnist, cifar10, cifar100, folder:PATH")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the downstream dataset")
    Path dataDir;

    @Option(names = "--epochs", defaultValue = "10", description = "epochs of the linear classifier (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate of the linear classifier (default: ${DEFAULT-VALUE})")
    double lr;

    @Override
    public Integer call() throws Exception {
        Transfer.run(encoders, dataset, dataDir, epochs, lr, System.out);
        return 0;
    }
}
