package ncdesign.experiments.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table of the reproduction report: a header, rows of formatted cells, and notes (setting, caveats, verdicts).
 * Renders as Markdown, HTML and CSV.
 */
public final class ReportTable {
    public final String id;
    final String title;
    public final List<String> header;
    public final List<List<String>> rows = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    final List<String> images = new ArrayList<>();

    /** An empty table; {@code id} names its files, {@code title} heads it. */
    public ReportTable(String id, String title, List<String> header) {
        this.id = id;
        this.title = title;
        this.header = List.copyOf(header);
    }

    /** Adds a row with one cell per header column. */
    public ReportTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(id + ": row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Adds a note printed under the table. */
    public ReportTable note(String text) {
        notes.add(text);
        return this;
    }

    public ReportTable image(String relativePath) {
        images.add(relativePath);
        return this;
    }

    /** A number with the given decimals; "–" for NaN. */
    public static String f(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** ours − paper with a sign; "–" when either is missing. */
    public static String delta(double ours, double paper, int decimals) {
        return Double.isNaN(ours) || Double.isNaN(paper) ? "–" : String.format(Locale.ROOT, "%+." + decimals + "f", ours - paper);
    }

    /** The table as Markdown: a level-2 heading, the table and the notes as a list. */
    public String markdown() {
        StringBuilder b = new StringBuilder("## ").append(title).append("\n\n");
        if (!rows.isEmpty()) {
            b.append("| ").append(String.join(" | ", header)).append(" |\n|");
            b.append("---|".repeat(header.size())).append('\n');
            for (List<String> r : rows) {
                b.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            b.append('\n');
        }
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        for (String i : images) {
            b.append("\n![").append(i).append("](").append(i).append(")\n");
        }
        return b.append('\n').toString();
    }

    public String html() {
        StringBuilder b = new StringBuilder("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
        if (!rows.isEmpty()) {
            b.append("<table><tr>");
            for (String h : header) {
                b.append("<th>").append(esc(h)).append("</th>");
            }
            b.append("</tr>\n");
            for (List<String> r : rows) {
                b.append("<tr>");
                for (String c : r) {
                    b.append("<td>").append(esc(c)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        if (!notes.isEmpty()) {
            b.append("<ul>");
            for (String n : notes) {
                b.append("<li>").append(esc(n)).append("</li>");
            }
            b.append("</ul>\n");
        }
        for (String i : images) {
            b.append("<p><img src=\"").append(esc(i)).append("\" alt=\"").append(esc(i)).append("\"></p>\n");
        }
        return b.toString();
    }

    /** The table as CSV (header and rows; RFC 4180 quoting). */
    public String csv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", header.stream().map(ReportTable::csvCell).toList())).append('\n');
        for (List<String> r : rows) {
            b.append(String.join(",", r.stream().map(ReportTable::csvCell).toList())).append('\n');
        }
        return b.toString();
    }

    /** The table as aligned plain text for a terminal: title, columns padded to their widest cell, notes. */
    public String text() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder(title).append('\n');
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < w.length; i++) {
                String c = r.get(i);
                String pad = " ".repeat(w[i] - c.length());
                b.append(i == 0 ? c + pad : "  " + pad + c); // first column left-aligned, numbers right-aligned
            }
            b.append('\n');
        }
        for (String n : notes) {
            b.append("  ").append(n).append('\n');
        }
        return b.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
