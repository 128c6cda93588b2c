package ncdesign.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import ncdesign.core.ErrorLines;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ncd} command. */
@Command(name = "ncd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Neural Collapse by design: train classifiers whose features reach a simplex ETF, and measure it.",
        subcommands = {
            QuickstartCommand.class,
            TrainCommand.class,
            LaunchCommand.class,
            SclCommand.class,
            PluginsCommand.class,
            MetricsCommand.class,
            ConvergeCommand.class,
            ReportCommand.class,
            SweepCommand.class,
            TransferCommand.class,
            RobustnessCommand.class,
            CorruptCommand.class,
            LongTailTableCommand.class,
            ReproduceCommand.class,
            BenchCommand.class,
            ExportCommand.class,
            PredictCommand.class,
            DataCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** The top-level command; picocli sets its options and runs a subcommand. */
    public Main() {
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the CLI in this JVM with its standard output and error sent to {@code out} and {@code err}, and returns
     * the exit code (as {@link #execute}). This is the in-process entry point: tests and tools that run many
     * commands pay for the JVM and TensorFlow's native library once. Commands print to {@code System.out} and
     * {@code System.err} (and the console log follows {@code System.err}), so this swaps both for the duration of
     * the call; calls are serialised. Relative paths in {@code args} resolve against the JVM's working directory.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        synchronized (Main.class) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            System.setOut(out);
            System.setErr(err);
            try {
                return execute(args);
            } finally {
                out.flush();
                err.flush();
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    /** Runs the CLI and returns its exit code: 0 success, 2 usage or input error, 1 internal error. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        TrainCommand.addTrainOptions(cl.getSubcommands().get("train").getCommandSpec());
        TrainCommand.addTrainOptions(cl.getSubcommands().get("quickstart").getCommandSpec());
        TrainCommand.addTrainOptions(cl.getSubcommands().get("bench").getCommandSpec());
        TrainCommand.addTrainOptions(cl.getSubcommands().get("scl").getCommandSpec());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String line = ErrorLines.of(ex);
            PrintWriter err = cmd.getErr();
            if (line != null) {
                LogManager.getLogger(Main.class).debug("user error", ex);
                err.println(line);
                err.flush();
                return 2;
            }
            LogManager.getLogger(Main.class).error("internal error", ex);
            err.println("ncd: internal error: " + ex + " (please report it with the log above)");
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ncd: error: " + ex.getMessage() + " (see 'ncd " + ex.getCommandLine().getCommandName() + " --help')");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    /** Version from the module descriptor. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ncd " + ncdesign.core.Versions.ncdesign()};
        }
    }
}
