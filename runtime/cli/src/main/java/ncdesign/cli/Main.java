package ncdesign.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
            DoctorCommand.class,
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
        TrainCommand.addTrainOptions(cl.getSubcommands().get("train").getCommandSpec(), java.util.Map.of());
        TrainCommand.addTrainOptions(cl.getSubcommands().get("quickstart").getCommandSpec(), QuickstartCommand.DEFAULTS);
        TrainCommand.addTrainOptions(cl.getSubcommands().get("bench").getCommandSpec(), BenchCommand.DEFAULTS);
        TrainCommand.addTrainOptions(cl.getSubcommands().get("scl").getCommandSpec(), SclCommand.DEFAULTS);
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
            String guess = "";
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                List<String> close = closest(u.getUnmatched().get(0), u.getSuggestions());
                guess = close.isEmpty() ? "" : "; did you mean '" + String.join("' or '", close) + "'?";
            }
            // the qualified name: 'ncd train' for a subcommand, 'ncd' (not 'ncd ncd') for the top level
            err.println("ncd: error: " + ex.getMessage() + guess + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    /**
     * Of picocli's suggestions for a mistyped {@code word} (which include 'metrics' and 'transfer' for 'trian'), those
     * nearest to it in edits (a swap of two neighbours counts as one), when that is at most a third of its length.
     */
    static List<String> closest(String word, List<String> suggestions) {
        int best = Math.max(1, word.length() / 3);
        List<String> out = new ArrayList<>();
        for (String s : suggestions) {
            int d = edits(word, s);
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(s);
            }
        }
        return out;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Version from the module descriptor. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ncd " + ncdesign.core.Versions.ncdesign()};
        }
    }
}
