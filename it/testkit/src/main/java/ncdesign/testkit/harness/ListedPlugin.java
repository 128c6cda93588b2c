package ncdesign.testkit.harness;

import java.util.List;
import java.util.Locale;

/**
 * One row of {@code ncd plugins}: kind, name, module and version.
 *
 * @param kind    loss, backbone, head, metric or evaluator
 * @param name    the name {@code ncd train --loss NAME} (or {@code --backbone}, ...) takes
 * @param module  the JPMS module that provides it
 * @param version the module's version, or {@code -} when it has none
 */
public record ListedPlugin(String kind, String name, String module, String version) {
    private static final List<String> KINDS = List.of("loss", "backbone", "head", "metric", "evaluator");

    /** The plugin rows of {@code ncd plugins}' standard output (header, parameter lines and the rest skipped). */
    public static List<ListedPlugin> parse(String listing) {
        return listing.lines()
                .filter(l -> !l.isEmpty() && !Character.isWhitespace(l.charAt(0)))
                .map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 4 && KINDS.contains(f[0].toLowerCase(Locale.ROOT)))
                .map(f -> new ListedPlugin(f[0], f[1], f[2], f[3]))
                .toList();
    }
}
