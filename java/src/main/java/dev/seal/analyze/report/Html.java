package dev.seal.analyze.report;

import java.util.Locale;

/** HTML escaping and number formatting for the report; locale-independent so reports compare byte for byte. */
public final class Html {
    private Html() {}

    /** Escapes text for element content and attribute values (both quote kinds). */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\u0000' -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** 3 significant digits, "–" for NaN, "∞" for infinity. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s;
        if (a >= 1e5 || a < 1e-3) {
            s = String.format(Locale.ROOT, "%.2e", v);
        } else if (v == Math.rint(v)) {
            s = Long.toString((long) v);
        } else {
            s = String.format(Locale.ROOT, "%.3g", v);
        }
        return s.replace('-', '−');
    }

    /** A p-value: "&lt;1e-16" below that, else 2 significant digits. */
    public static String p(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v < 1e-16) {
            return "<1e−16";
        }
        if (v < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v).replace('-', '−');
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    /** A share as a percentage with one decimal. */
    public static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** An integer with thousands separators. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A number for a data-v sort attribute (plain, NaN sorts last). */
    public static String sortKey(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
