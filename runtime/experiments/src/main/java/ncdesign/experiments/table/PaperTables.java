package ncdesign.experiments.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The paper's published numbers (Tables 1–3, 6, 7, 9, 10, 13, 14), transcribed into {@code paper-tables.tsv} beside
 * this class: one line per cell, {@code table, row, column, value}. Rows use the paper's method names (CE, ETF+DR,
 * NormFace, NTCE, NONL, LP, NLP, FP, …).
 */
public final class PaperTables {
    private static final Map<String, Double> VALUES = load();

    private PaperTables() {
    }

    private static Map<String, Double> load() {
        Map<String, Double> m = new HashMap<>();
        try (InputStream in = PaperTables.class.getResourceAsStream("paper-tables.tsv")) {
            if (in == null) {
                throw new IllegalStateException("paper-tables.tsv is missing from the runtime module");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                m.put(key(f[0], f[1], f[2]), Double.parseDouble(f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }

    private static String key(String table, String row, String column) {
        return table + "|" + row + "|" + column;
    }

    /** The published value, or NaN when the paper has no such cell. */
    public static double get(String table, String row, String column) {
        return VALUES.getOrDefault(key(table, row, column), Double.NaN);
    }

    /** The paper's name of a loss plugin: ce → CE, etf-dr → ETF+DR, normface → NormFace, ntce → NTCE, nonl → NONL. */
    public static String method(String loss) {
        return switch (loss) {
            case "ce" -> "CE";
            case "etf-dr" -> "ETF+DR";
            case "normface" -> "NormFace";
            case "ntce" -> "NTCE";
            case "nonl" -> "NONL";
            default -> loss;
        };
    }
}
