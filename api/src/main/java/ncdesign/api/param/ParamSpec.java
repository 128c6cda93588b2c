package ncdesign.api.param;

import java.util.List;
import java.util.Objects;
import ncdesign.api.annotation.Stable;

/**
 * Declaration of one typed hyper-parameter: its name (kebab-case), type, default, a one-line description and,
 * for numbers, an inclusive or exclusive range. The runtime validates user values against it before any work starts.
 *
 * @param name        kebab-case key, e.g. {@code tau}
 * @param type        value type
 * @param defaultValue default (Integer, Double, Boolean, String or {@code List<Integer>} by type)
 * @param description one line for {@code ncd plugins}
 * @param min         lower bound or {@code null}
 * @param minExclusive whether {@code min} itself is rejected
 * @param max         upper bound or {@code null}
 * @param choices     allowed values for {@link ParamType#CHOICE}, else empty
 * @since 0.1
 */
@Stable(since = "0.1")
public record ParamSpec(
        String name,
        ParamType type,
        Object defaultValue,
        String description,
        Double min,
        boolean minExclusive,
        Double max,
        List<String> choices) {

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices == null ? List.of() : choices);
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' is not kebab-case (lower-case letters, digits, single hyphens)");
        }
        checkDefault(name, type, defaultValue, min, minExclusive, max, choices);
    }

    /** A declaration whose default the runtime could not use is a bug of the plugin: it fails where it is declared. */
    private static void checkDefault(String name, ParamType type, Object v, Double min, boolean minExclusive, Double max,
                                     List<String> choices) {
        String where = "parameter '" + name + "' declares default " + v;
        boolean typed = switch (type) {
            case INT -> v instanceof Integer;
            case DOUBLE -> v instanceof Double;
            case BOOLEAN -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case CHOICE -> v instanceof String c && choices.contains(c);
            case INT_LIST -> v instanceof List<?> l && l.stream().allMatch(Integer.class::isInstance);
        };
        if (!typed) {
            throw new IllegalArgumentException(where + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")")
                    + " but its type is " + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + (type == ParamType.CHOICE ? " of " + String.join("|", choices) : ""));
        }
        List<?> numbers = v instanceof Number ? List.of(v) : v instanceof List<?> l ? l : List.of();
        for (Object o : numbers) {
            double d = ((Number) o).doubleValue();
            if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE || (min != null && (minExclusive ? d <= min : d < min)) || (max != null && d > max)) {
                throw new IllegalArgumentException(where + " outside its own range " + rangeOf(min, minExclusive, max));
            }
        }
    }

    public static ParamSpec ofDouble(String name, double def, String description) {
        return new ParamSpec(name, ParamType.DOUBLE, def, description, null, false, null, List.of());
    }

    public static ParamSpec ofInt(String name, int def, String description) {
        return new ParamSpec(name, ParamType.INT, def, description, null, false, null, List.of());
    }

    public static ParamSpec ofBoolean(String name, boolean def, String description) {
        return new ParamSpec(name, ParamType.BOOLEAN, def, description, null, false, null, List.of());
    }

    public static ParamSpec ofString(String name, String def, String description) {
        return new ParamSpec(name, ParamType.STRING, def, description, null, false, null, List.of());
    }

    public static ParamSpec ofChoice(String name, String def, String description, String... choices) {
        return new ParamSpec(name, ParamType.CHOICE, def, description, null, false, null, List.of(choices));
    }

    public static ParamSpec ofIntList(String name, List<Integer> def, String description) {
        return new ParamSpec(name, ParamType.INT_LIST, List.copyOf(def), description, null, false, null, List.of());
    }

    /** Same spec with values required to be strictly greater than {@code bound}. */
    public ParamSpec greaterThan(double bound) {
        return new ParamSpec(name, type, defaultValue, description, bound, true, max, choices);
    }

    /** Same spec with values required to be at least {@code bound}. */
    public ParamSpec atLeast(double bound) {
        return new ParamSpec(name, type, defaultValue, description, bound, false, max, choices);
    }

    /** Same spec with values required to be at most {@code bound}. */
    public ParamSpec atMost(double bound) {
        return new ParamSpec(name, type, defaultValue, description, min, minExclusive, bound, choices);
    }

    /** Human-readable constraint, e.g. {@code > 0}, {@code [0, 1]}, {@code one of a|b}; empty when unconstrained. */
    public String constraint() {
        if (type == ParamType.CHOICE) {
            return "one of " + String.join("|", choices);
        }
        return rangeOf(min, minExclusive, max);
    }

    private static String rangeOf(Double min, boolean minExclusive, Double max) {
        StringBuilder sb = new StringBuilder();
        if (min != null) {
            sb.append(minExclusive ? "> " : ">= ").append(fmt(min));
        }
        if (max != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("<= ").append(fmt(max));
        }
        return sb.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
