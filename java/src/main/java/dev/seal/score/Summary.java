package dev.seal.score;

import dev.seal.stats.Wilson;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The end-of-run summary of {@code seal score}. Built by {@link SummaryBuilder}; derived figures (rates, the
 * agreement interval) are computed from the counts so they can never disagree with them.
 *
 * @param pairs          pairs scored
 * @param agreements     pairs with chosen &gt; rejected on the primary reward (ties and NaN are not agreement)
 * @param ties           pairs with chosen == rejected on the primary reward
 * @param nanPairs       pairs with a NaN primary reward on either side
 * @param errors         rows that could not be scored
 * @param errorsByReason errors per reason, most frequent first (ties by name)
 * @param tokens         tokens of both sides of every scored pair, each side counted in full
 * @param sharedTokens   tokens of the prefixes chosen and rejected share: evaluated once, not twice, when the
 *                       engine reuses the prefix
 * @param wall           wall time of the run
 * @param meanChosen     mean primary chosen reward over pairs where it is not NaN; NaN when there are none
 * @param meanRejected   mean primary rejected reward, likewise
 */
public record Summary(long pairs, long agreements, long ties, long nanPairs, long errors,
                      Map<String, Long> errorsByReason, long tokens, long sharedTokens, Duration wall,
                      double meanChosen, double meanRejected) {
    /** Confidence level of the agreement interval. */
    public static final double CONFIDENCE = 0.95;

    public Summary {
        Objects.requireNonNull(wall, "wall");
        // Most frequent first, so the summary leads with what matters.
        errorsByReason = Collections.unmodifiableMap(errorsByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
    }

    /** agreements / pairs; NaN when no pair was scored. */
    public double agreementRate() {
        return pairs == 0 ? Double.NaN : (double) agreements / pairs;
    }

    /** The Wilson 95% interval of the agreement rate (all NaN when no pair was scored). */
    public Wilson.Interval agreementInterval() {
        return Wilson.interval(agreements, pairs, CONFIDENCE);
    }

    /** Pairs scored per second of wall time; NaN for a zero wall time. */
    public double pairsPerSecond() {
        return perSecond(pairs);
    }

    /** Tokens ({@link #tokens()}) per second of wall time; NaN for a zero wall time. */
    public double tokensPerSecond() {
        return perSecond(tokens);
    }

    private double perSecond(long n) {
        double secs = wall.toNanos() / 1e9;
        return secs > 0 ? n / secs : Double.NaN;
    }

    /** The summary as aligned "name  value" lines, ending with a newline. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        line(sb, "pairs scored", Fmt.count(pairs));
        if (pairs > 0) {
            Wilson.Interval ci = agreementInterval();
            line(sb, "agreement", Fmt.percent(agreementRate(), 2) + " (" + Fmt.count(agreements) + " of "
                    + Fmt.count(pairs) + "; 95% CI " + Fmt.percent(ci.lo(), 2) + " to " + Fmt.percent(ci.hi(), 2)
                    + ", Wilson)");
        } else {
            line(sb, "agreement", "n/a");
        }
        line(sb, "ties", Fmt.count(ties) + " (chosen = rejected; not counted as agreement)");
        if (nanPairs > 0) {
            line(sb, "NaN rewards", Fmt.count(nanPairs) + " (pairs with a NaN reward; not counted as agreement)");
        }
        line(sb, "mean reward", "chosen " + reward(meanChosen) + ", rejected " + reward(meanRejected));
        line(sb, "errors", Fmt.count(errors) + (errors == 0 ? "" : " (" + errorsByReason.entrySet().stream()
                .map(e -> e.getKey() + " " + Fmt.count(e.getValue())).collect(Collectors.joining(", ")) + ")"));
        line(sb, "tokens scored", Fmt.count(tokens));
        line(sb, "prefix saved", Fmt.count(sharedTokens) + " shared-prefix tokens"
                + (tokens > 0 ? " (" + Fmt.percent((double) sharedTokens / tokens, 1) + ")" : ""));
        line(sb, "wall time", Fmt.duration(wall));
        line(sb, "throughput", Fmt.rate(pairsPerSecond()) + " pairs/s, " + Fmt.rate(tokensPerSecond()) + " tokens/s");
        return sb.toString();
    }

    private static String reward(double mean) {
        return Double.isNaN(mean) ? "n/a" : String.format(Locale.ROOT, "%.4f", mean);
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "%-14s %s%n", name, value));
    }
}
