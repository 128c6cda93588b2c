package ncdesign.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.DataException;
import ncdesign.api.eval.Split;
import ncdesign.data.Corruptions;
import ncdesign.api.error.DataException;
import ncdesign.data.Dataset;
import ncdesign.data.DatasetCatalog;
import ncdesign.report.CorruptionGallery;
import ncdesign.experiments.Robustness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ncd corrupt --dataset NAME --out DIR}: corrupted test images as PNGs and a labelled contact sheet. */
@Command(name = "corrupt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the first N test images of a dataset under each corruption and severity as PNG files",
            "(DIR/clean/, DIR/<corruption>/s<severity>/) and DIR/contact-sheet.png: one example per corruption (rows)",
            "and severity (columns), labelled, to check what 'ncd robustness' evaluates on."})
final class CorruptCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "cifar10", description = "dataset whose test images are corrupted (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the dataset (else $NCD_DATA, then /usr/share/datasets)")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--images", defaultValue = "8", paramLabel = "N", description = "test images per corruption and severity (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--example", defaultValue = "0", paramLabel = "I", description = "which of them the contact sheet shows (default: ${DEFAULT-VALUE})")
    int example;

    @Option(names = "--corruptions", defaultValue = "all", paramLabel = "all|LIST", description = "all, or a comma-separated list (default: ${DEFAULT-VALUE})")
    String corruptions;

    @Option(names = "--severities", defaultValue = "1-5", paramLabel = "RANGE", description = "severities, e.g. 1-5 or 1,3,5 (default: ${DEFAULT-VALUE})")
    String severities;

    @Option(names = "--frost-dir", paramLabel = "DIR", description = "folder of frost1.png ... frost6.jpg (default: $NCD_FROST, else ../shared/data/frost)")
    Path frostDir;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the corruptions (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            throw new ConfigException("--images must be at least 1, got " + images);
        }
        if (example < 0 || example >= images) {
            throw new ConfigException("--example must be in 0.." + (images - 1) + " (an index among the --images exported), got " + example);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ConfigException("--out " + out + " is a file; give a folder");
        }
        if (frostDir != null) {
            System.setProperty("ncd.frost", frostDir.toString());
        }
        List<String> names = new ArrayList<>();
        for (String c : Robustness.parseCorruptions(corruptions)) {
            var why = Corruptions.unavailable(c);
            if (why.isEmpty()) {
                names.add(c);
            } else if (corruptions.trim().equals("all")) {
                System.err.println("corrupt: " + c + " skipped: " + why.get());
            } else {
                throw new DataException(why.get());
            }
        }
        List<Integer> sev = Robustness.parseSeverities(severities);
        Dataset test = DatasetCatalog.load(dataset, Split.TEST, dataDir);
        if (test.size() < images) {
            throw new ConfigException(dataset + " has only " + test.size() + " test images; lower --images");
        }
        Path sheet = CorruptionGallery.export(test, names, sev, images, example, seed, out, System.err);
        System.out.println("corrupted images: " + out + " (" + images + " images x " + names.size() + " corruptions x " + sev.size()
                + " severities)");
        System.out.println("contact sheet:    " + sheet);
        return 0;
    }
}
