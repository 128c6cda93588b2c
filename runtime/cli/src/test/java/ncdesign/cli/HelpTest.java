package ncdesign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Every command's help, and the messages of a mistyped command or option. */
class HelpTest {
    /** Every command path ([], [train], ..., [data, fetch] ...), found from Main's picocli model. */
    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(new CommandLine(new Main()), List.of(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(path);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())) { // aliases are the same command
                List<String> sub = new ArrayList<>(path);
                sub.add(e.getKey());
                collect(e.getValue(), sub, out);
            }
        }
    }

    @picocli.CommandLine.Command(name = "canary", description = "a bare % of optimum")
    static final class Canary {
    }

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        // the check can fail: a bare % in a description does print picocli's warning where Main.run captures stderr
        java.io.ByteArrayOutputStream canary = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldErr = System.err;
        System.setErr(new java.io.PrintStream(canary, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            new CommandLine(new Canary()).getUsageMessage();
        } finally {
            System.setErr(oldErr);
        }
        assertThat(canary.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("picocli WARN").contains("Could not format");

        List<List<String>> all = commands();
        assertThat(all).contains(List.of(), List.of("report"), List.of("converge"), List.of("scl"), List.of("bench"), List.of("train"));
        for (List<String> cmd : all) {
            String[] args = Stream.concat(cmd.stream(), Stream.of("--help")).toArray(String[]::new);
            UserErrorsTest.Run r = UserErrorsTest.ncd(args);
            String what = "ncd " + String.join(" ", args);
            assertThat(r.code()).as(what + "\n" + r.err()).isZero();
            assertThat(r.out()).as(what).contains("Usage: ncd" + (cmd.isEmpty() ? "" : " " + String.join(" ", cmd)));
            // picocli formats descriptions with String.format: a bare % ("% of optimum") prints a WARN and the raw text
            assertThat(r.out() + r.err()).as(what).doesNotContain("picocli WARN").doesNotContain("Could not format");
        }
    }

    @Test
    void theOptionsOfConvergeAndReportSayPercentOfOptimum() {
        for (String cmd : List.of("converge", "report")) {
            assertThat(flat(UserErrorsTest.ncd(cmd, "--help").out())).contains("--threshold=<threshold> % of optimum");
        }
    }

    @Test
    void benchSclAndQuickstartShowTheDefaultsTheyApply() {
        String bench = flat(UserErrorsTest.ncd("bench", "--help").out());
        assertThat(option(bench, "backbone")).endsWith("(default: resnet18)");
        assertThat(option(bench, "dataset")).endsWith("(default: synthetic)");
        assertThat(option(bench, "batch")).endsWith("(default: 128; >= 2)");
        for (String cmd : List.of("bench", "scl", "quickstart")) {
            String help = flat(UserErrorsTest.ncd(cmd, "--help").out());
            Map<String, Object> defaults = switch (cmd) {
                case "bench" -> BenchCommand.DEFAULTS;
                case "scl" -> SclCommand.DEFAULTS;
                default -> QuickstartCommand.DEFAULTS;
            };
            // picocli may wrap a long list after a comma
            defaults.forEach((k, v) -> assertThat(option(help, k).replace(", ", ",")).as(cmd + " --" + k).containsAnyOf("(default: " + v + ")", "(default: " + v + ";"));
        }
        assertThat(option(flat(UserErrorsTest.ncd("scl", "--help").out()), "loss")).endsWith("(default: scl)");
        String train = flat(UserErrorsTest.ncd("train", "--help").out());
        assertThat(option(train, "backbone")).endsWith("(default: mlp)");
        assertThat(option(train, "dataset")).endsWith("(default: fashion-mnist)");
    }

    /** The help text of one long option: from {@code --name=} to the next option. */
    private static String option(String help, String name) {
        int from = help.indexOf(" --" + name + "=", help.indexOf("Show this help message"));
        assertThat(from).as("--" + name + " in the help").isPositive();
        int to = help.indexOf(" --", from + 3);
        return help.substring(from, to < 0 ? help.length() : to).trim();
    }

    @Test
    void aMistypedCommandIsSuggestedAndPointsAtTheRightHelp() {
        UserErrorsTest.Run r = UserErrorsTest.ncd("trian");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString()
                .contains("'trian'").contains("did you mean 'train'?").endsWith("(see 'ncd --help')");
        UserErrorsTest.Run opt = UserErrorsTest.ncd("train", "--lrr", "0.1");
        assertThat(opt.code()).isEqualTo(2);
        assertThat(opt.errorLines()).singleElement().asString()
                .contains("'--lrr'").contains("'--lr'").endsWith("(see 'ncd train --help')");
        assertThat(r.err() + opt.err()).doesNotContain("ncd ncd");
    }

    /** Help text with its line wrapping undone. */
    private static String flat(String help) {
        return help.replaceAll("\\s+", " ");
    }
}
