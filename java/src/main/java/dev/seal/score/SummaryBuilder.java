package dev.seal.score;

import dev.seal.data.ErrorWriter;
import dev.seal.data.RowError;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Accumulates a {@link Summary} one scored pair or error at a time, so a run of any size needs constant memory.
 * The wall clock starts when the builder is made. Thread-safe.
 */
public final class SummaryBuilder {
    private final LongSupplier nanoClock;
    private final long startNanos;

    private long pairs;
    private long agreements;
    private long ties;
    private long nanPairs;
    private long tokens;
    private long sharedTokens;
    private double chosenSum;
    private long chosenCount;
    private double rejectedSum;
    private long rejectedCount;
    private long errors;
    private final Map<String, Long> byReason = new HashMap<>();

    /** A builder timed by System.nanoTime from now. */
    public SummaryBuilder() {
        this(System::nanoTime);
    }

    /** A builder timed by {@code nanoClock} (monotonic nanoseconds) from now; injectable for tests. */
    public SummaryBuilder(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
    }

    /** Counts one scored pair. */
    public synchronized void add(ScoreRecord r) {
        pairs++;
        if (r.agreement()) {
            agreements++;
        }
        if (r.tie()) {
            ties++;
        }
        if (r.hasNaN()) {
            nanPairs++;
        }
        tokens += (long) r.chosenTokens() + r.rejectedTokens();
        sharedTokens += r.sharedTokens();
        // Sums in double: exact enough for float rewards over millions of pairs.
        if (!Float.isNaN(r.chosenReward())) {
            chosenSum += r.chosenReward();
            chosenCount++;
        }
        if (!Float.isNaN(r.rejectedReward())) {
            rejectedSum += r.rejectedReward();
            rejectedCount++;
        }
    }

    /** Counts one row that could not be scored, under its reason ("unknown" when it has none). */
    public synchronized void error(RowError e) {
        errors++;
        byReason.merge(ErrorWriter.reasonKey(e.reason()), 1L, Long::sum);
    }

    /** The summary so far, with the wall time since this builder was made. */
    public synchronized Summary build() {
        return build(Duration.ofNanos(nanoClock.getAsLong() - startNanos));
    }

    /** The summary so far, with the given wall time. */
    public synchronized Summary build(Duration wall) {
        return new Summary(pairs, agreements, ties, nanPairs, errors, byReason, tokens, sharedTokens, wall,
                chosenCount == 0 ? Double.NaN : chosenSum / chosenCount,
                rejectedCount == 0 ? Double.NaN : rejectedSum / rejectedCount);
    }
}
