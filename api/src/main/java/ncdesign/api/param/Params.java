package ncdesign.api.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import ncdesign.api.annotation.Stable;
import ncdesign.api.error.ConfigException;

/**
 * Validated hyper-parameter values of one plugin: every declared parameter has a value of its declared type.
 * Build with {@link #resolve}; unknown keys, wrong types and out-of-range values fail with the key named.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public final class Params {
    private final String owner;
    private final Map<String, Object> values;

    private Params(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates user-supplied values (strings from the command line, or numbers/booleans/strings/lists from a
     * configuration file) against the specs and fills in defaults.
     *
     * @param owner plugin description used in messages, e.g. {@code loss 'nonl'}
     * @throws ConfigException naming the offending key
     */
    public static Params resolve(String owner, List<ParamSpec> specs, Map<String, ?> raw) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            byName.put(s.name(), s);
        }
        for (String key : raw.keySet()) {
            if (!byName.containsKey(key)) {
                throw new ConfigException("unknown parameter '" + key + "' for " + owner
                        + "; known: " + (byName.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(byName.keySet()))));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            Object v = raw.containsKey(s.name()) ? convert(owner, s, raw.get(s.name())) : s.defaultValue();
            check(owner, s, v);
            out.put(s.name(), v);
        }
        return new Params(owner, out);
    }

    /** Parameters with defaults only. */
    public static Params defaults(String owner, List<ParamSpec> specs) {
        return resolve(owner, specs, Map.of());
    }

    private static Object convert(String owner, ParamSpec s, Object v) {
        String where = "parameter '" + s.name() + "' of " + owner;
        if (v == null) {
            throw new ConfigException(where + " has no value; expected " + s.type().name().toLowerCase());
        }
        try {
            switch (s.type()) {
                case INT: {
                    if (v instanceof Number n) {
                        double d = n.doubleValue();
                        if (d != Math.rint(d)) {
                            throw new NumberFormatException();
                        }
                        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                            throw new ConfigException(where + " must be an integer of 32 bits (at most " + Integer.MAX_VALUE + "), got " + v);
                        }
                        return n.intValue();
                    }
                    return Integer.parseInt(v.toString().trim());
                }
                case DOUBLE:
                    return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                case BOOLEAN: {
                    if (v instanceof Boolean b) {
                        return b;
                    }
                    String t = v.toString().trim().toLowerCase();
                    if (t.equals("true") || t.equals("false")) {
                        return Boolean.parseBoolean(t);
                    }
                    throw new NumberFormatException();
                }
                case INT_LIST: {
                    List<Integer> list = new ArrayList<>();
                    if (v instanceof List<?> l) {
                        for (Object o : l) {
                            list.add(Integer.parseInt(o.toString().trim()));
                        }
                    } else {
                        for (String part : v.toString().split(",")) {
                            if (!part.isBlank()) {
                                list.add(Integer.parseInt(part.trim()));
                            }
                        }
                    }
                    return List.copyOf(list);
                }
                default:
                    return v.toString();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(where + " must be " + describe(s.type()) + ", got '" + v + "'");
        }
    }

    private static String describe(ParamType t) {
        return switch (t) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case INT_LIST -> "a comma-separated list of integers";
            default -> "a string";
        };
    }

    private static void check(String owner, ParamSpec s, Object v) {
        String where = "parameter '" + s.name() + "' of " + owner;
        if (s.type() == ParamType.CHOICE && !s.choices().contains(v.toString())) {
            throw new ConfigException(where + " must be one of " + String.join("|", s.choices()) + ", got '" + v + "'");
        }
        List<Double> numbers = new ArrayList<>();
        if (v instanceof Number n) {
            numbers.add(n.doubleValue());
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                numbers.add(((Number) o).doubleValue());
            }
        }
        for (double d : numbers) {
            if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
                // Double.parseDouble takes "Infinity" and "1e308", YAML ".inf"; the runtime computes in float32
                throw new ConfigException(where + " must be a finite number" + (s.constraint().isEmpty() ? "" : " " + s.constraint())
                        + (Double.isFinite(d) ? " that float32 can hold (|value| <= 3.4e38)" : "") + ", got " + v);
            }
            boolean bad = (s.min() != null && (s.minExclusive() ? d <= s.min() : d < s.min()))
                    || (s.max() != null && d > s.max());
            if (bad) {
                throw new ConfigException(where + " must be " + s.constraint() + ", got " + v);
            }
        }
    }

    /** Description of the plugin these values belong to, as given to {@link #resolve}. */
    public String owner() {
        return owner;
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) {
        return (List<Integer>) get(name);
    }

    /** All values, in declaration order (for provenance records). */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(owner + " declares no parameter '" + name + "'");
        }
        return values.get(name);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
