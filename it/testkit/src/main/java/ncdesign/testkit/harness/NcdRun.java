package ncdesign.testkit.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What one {@code ncd} run of the harness left: its arguments, exit code, standard output and error, run folder. */
public final class NcdRun {
    private static final int TAIL_LINES = 40;

    private final List<String> args;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Path runDir;

    NcdRun(List<String> args, int exitCode, String stdout, String stderr, Path runDir) {
        this.args = List.copyOf(args);
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.runDir = runDir;
    }

    /** The arguments after {@code -m ncdesign.cli/ncdesign.cli.Main}. */
    public List<String> args() {
        return args;
    }

    /** 0 on success, 2 for a user error ({@code ncd: error: ...}), 1 for a crash. */
    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    /** The run folder a {@code train} run writes ({@code --out}/{@code --name}), when it exists. */
    public Optional<Path> runDir() {
        return Optional.ofNullable(runDir).filter(java.nio.file.Files::isDirectory);
    }

    /** The one-line error the CLI printed ({@code ncd: error: ...}), or an empty string. */
    public String errorLine() {
        return stderr.lines().filter(l -> l.startsWith("ncd: error:")).findFirst().orElse("");
    }

    /** The plugins {@code ncd plugins} listed. */
    public List<ListedPlugin> listed() {
        return ListedPlugin.parse(stdout);
    }

    /** The command, its exit code and the last lines of both streams: the body of a failure message. */
    public String describe() {
        return "ncd " + String.join(" ", args) + "\nexit code " + exitCode
                + "\n--- stdout (last " + TAIL_LINES + " lines) ---\n" + tail(stdout)
                + "\n--- stderr (last " + TAIL_LINES + " lines) ---\n" + tail(stderr);
    }

    static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    @Override
    public String toString() {
        return "ncd " + String.join(" ", args) + " -> exit " + exitCode;
    }
}
