package dev.seal.score;

import java.time.Duration;
import java.util.Locale;

/** Number and time formatting shared by the progress line and the summary; locale-independent so logs compare. */
final class Fmt {
    private Fmt() {}

    /** 1234567 → "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate per second: one decimal below 100, whole numbers with grouping above; "-" when unknown. */
    static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "-";
        }
        return perSecond < 100 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** A fraction as a percentage with {@code decimals} places; "n/a" when NaN. */
    static String percent(double fraction, int decimals) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * fraction);
    }

    /** "12.3s" under a minute, then "2m03s", then "1h02m03s". */
    static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        long h = s / 3600;
        long m = s / 60 % 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, sec)
                : String.format(Locale.ROOT, "%dm%02ds", m, sec);
    }
}
