package ncdesign.testkit;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ncdesign.api.PluginProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.ParamType;
import ncdesign.api.param.Params;

/**
 * The checks every kit runs on the provider itself, as the runtime relies on it: a kebab-case name (users type it
 * after {@code --loss}, {@code --metrics}, …), a one-line description ({@code ncd plugins}), parameter declarations
 * that the runtime can resolve without any user value (kebab-case, unique names; defaults of their declared type and
 * inside their own range), and {@code create} working with the defaults.
 */
public final class ProviderChecks {
    /** Lower-case letters and digits in words joined by single hyphens, starting with a letter. */
    static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private ProviderChecks() {
    }

    /** {@code loss 'name' (ProviderClass)}, for messages. */
    public static String who(PluginProvider<?> p) {
        String name;
        try {
            name = p.name();
        } catch (RuntimeException e) {
            name = "?";
        }
        return p.kind().label() + " '" + name + "' (" + p.getClass().getName() + ")";
    }

    /**
     * Checks name, description and parameter declarations.
     *
     * @throws AssertionError saying what is wrong and how to fix it
     */
    public static void checkDeclarations(PluginProvider<?> p) {
        String who = who(p);
        String name = Check.call(who + ": name() threw", p::name);
        Check.that(name != null && KEBAB.matcher(name).matches(), who + ": name '" + name + "' is not kebab-case (lower-case"
                + " letters and digits, words joined by '-', e.g. 'my-" + p.kind().label() + "'): it is what users type on the"
                + " command line and in configuration files");
        String d = Check.call(who + ": description() threw", p::description);
        Check.that(d != null && !d.isBlank(), who + ": description() is blank: return one line saying what it computes,"
                + " for 'ncd plugins'");
        Check.that(!d.contains("\n") && !d.contains("\r"), who + ": description() has several lines: 'ncd plugins' prints"
                + " one line per plugin; keep it to one");
        List<ParamSpec> specs = Check.call(who + ": bad parameter declaration: parameters() threw", p::parameters);
        Check.that(specs != null, who + ": bad parameter declaration: parameters() returned null; return List.of() when"
                + " there are none");
        Set<String> seen = new HashSet<>();
        for (ParamSpec s : specs) {
            Check.that(s != null, who + ": bad parameter declaration: parameters() holds a null entry");
            String where = who + ": bad parameter declaration: '" + s.name() + "'";
            Check.that(KEBAB.matcher(s.name()).matches(), where + " is not kebab-case; users write it in --"
                    + p.kind().label() + "-param " + s.name().toLowerCase() + "=VALUE");
            Check.that(seen.add(s.name()), where + " is declared twice; give each parameter its own name");
            Check.that(!s.description().isBlank(), where + " has a blank description; 'ncd plugins' prints it as help");
            checkDefault(where, s);
        }
        Check.call(who + ": bad parameter declaration: its defaults do not resolve",
                () -> Params.defaults(p.kind().label() + " '" + name + "'", specs));
    }

    private static void checkDefault(String where, ParamSpec s) {
        Object v = s.defaultValue();
        String fix = "; the runtime uses it whenever the user gives no value";
        Check.that(v != null, where + " has no default" + fix + ": declare one");
        boolean typed = switch (s.type()) {
            case INT -> v instanceof Integer;
            case DOUBLE -> v instanceof Double;
            case BOOLEAN -> v instanceof Boolean;
            case STRING, CHOICE -> v instanceof String;
            case INT_LIST -> v instanceof List<?> l && l.stream().allMatch(Integer.class::isInstance);
        };
        Check.that(typed, where + " is declared " + s.type() + " but its default " + v + " is a " + v.getClass().getSimpleName()
                + fix + " and reads it with the getter of the declared type (a ClassCastException); declare it with ParamSpec."
                + factory(s.type()) + "(...)");
        if (s.type() == ParamType.CHOICE) {
            Check.that(s.choices().contains(v), where + " has default '" + v + "', which is not one of its choices "
                    + s.choices() + fix);
        }
        List<?> numbers = v instanceof List<?> l ? l : List.of(v);
        for (Object o : numbers) {
            if (o instanceof Number n) {
                double x = n.doubleValue();
                boolean out = Double.isNaN(x) || (s.min() != null && (s.minExclusive() ? x <= s.min() : x < s.min()))
                        || (s.max() != null && x > s.max());
                Check.that(!out, where + " has default " + v + ", outside its own range " + s.constraint() + fix
                        + " and refuses it: change the default or the range");
            }
        }
    }

    private static String factory(ParamType t) {
        return switch (t) {
            case INT -> "ofInt";
            case DOUBLE -> "ofDouble";
            case BOOLEAN -> "ofBoolean";
            case STRING -> "ofString";
            case CHOICE -> "ofChoice";
            case INT_LIST -> "ofIntList";
        };
    }

    /**
     * Creates the plugin with {@code values} (none: the defaults), as the runtime does after validating them.
     *
     * @throws AssertionError when the values do not resolve, {@code create} throws or returns null
     */
    public static <T> T create(PluginProvider<T> p, Map<String, ?> values) {
        String who = who(p);
        Params params = Check.call(who + ": the parameters " + values + " do not resolve",
                () -> Params.resolve(p.kind().label() + " '" + p.name() + "'", p.parameters(), values));
        T made = Check.call(who + ": create(" + (values.isEmpty() ? "defaults" : params) + ") threw", () -> p.create(params));
        Check.that(made != null, who + ": create(" + (values.isEmpty() ? "defaults" : params) + ") returned null; return the "
                + p.kind().label() + ", or throw a PluginException saying which parameter combination is refused");
        return made;
    }
}
