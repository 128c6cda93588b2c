package ncdesign.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import ncdesign.inference.ModelExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ncd export RUN_DIR --out DIR}: a TensorFlow SavedModel of the run's inference graph. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a trained run as a TensorFlow SavedModel (tag 'serve'; signatures serving_default for uint8",
            "images and serving_float for [0,1] floats; outputs probabilities, class, features, cosines) with ncdesign.json."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder written by ncd train or ncd scl")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the SavedModel (must not exist or be empty)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path p = ModelExporter.export(run, out);
        System.out.println("exported " + run + " to " + p.toAbsolutePath() + " (saved_model.pb, variables/, ncdesign.json)");
        return 0;
    }
}
