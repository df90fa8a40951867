package dev.seal.score;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The progress line of a long scoring job: pairs done/total, pairs/s, tokens/s and ETA.
 *
 * <p>On a terminal it redraws one line in place ('\r') at most every {@link #REDRAW_INTERVAL}; redirected to a file
 * or CI log it prints a plain line every {@code plainInterval} instead, so logs get a readable history rather than
 * thousands of carriage returns. Rates are averages since the start, which keeps the ETA steady.
 *
 * <p>Counters may be updated from any thread; at most one thread draws at a time.
 */
public final class Progress {
    /** Minimum time between redraws on a terminal (~5 a second): faster is unreadable and costs syscalls. */
    public static final Duration REDRAW_INTERVAL = Duration.ofMillis(200);
    /** Default time between plain lines when stderr is not a terminal. */
    public static final Duration DEFAULT_PLAIN_INTERVAL = Duration.ofSeconds(10);

    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;

    private final AtomicLong pairs = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong lastDraw;
    private int lastWidth; // guarded by this
    private boolean finished; // guarded by this

    /**
     * @param totalPairs    pairs expected, or a value &lt;= 0 when unknown (then no percentage and no ETA)
     * @param out           where to draw
     * @param interactive   redraw in place (a terminal) or print plain lines (a log)
     * @param plainInterval time between plain lines; ignored when interactive
     * @param nanoClock     monotonic nanoseconds, e.g. System::nanoTime (injectable for tests)
     */
    public Progress(long totalPairs, PrintStream out, boolean interactive, Duration plainInterval,
                    LongSupplier nanoClock) {
        this.total = totalPairs;
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        this.intervalNanos = (interactive ? REDRAW_INTERVAL : plainInterval).toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
        this.lastDraw = new AtomicLong(startNanos);
    }

    /** Progress on stderr, redrawn in place when it looks like a terminal, else a plain line every 10 s. */
    public static Progress onStderr(long totalPairs) {
        return new Progress(totalPairs, System.err, stderrIsTerminal(), DEFAULT_PLAIN_INTERVAL, System::nanoTime);
    }

    /**
     * Whether stderr is probably a terminal. Java can only tell for the console (stdin/stdout); since JDK 22
     * System.console() is non-null even when redirected, so isTerminal() is the real test. With stdout redirected
     * but stderr on a terminal this says no and plain lines are printed, which is still readable.
     */
    public static boolean stderrIsTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    /** Records pairs scored and the tokens they took; may draw. */
    public void add(long pairsDone, long tokensDone) {
        pairs.addAndGet(pairsDone);
        tokens.addAndGet(tokensDone);
        maybeDraw();
    }

    /** Records rows that failed: they count toward done (for the ETA) and are shown separately. May draw. */
    public void addErrors(long rows) {
        errors.addAndGet(rows);
        maybeDraw();
    }

    private void maybeDraw() {
        long now = nanoClock.getAsLong();
        long last = lastDraw.get();
        // The CAS elects one drawing thread per interval; the others return at once.
        if (now - last >= intervalNanos && lastDraw.compareAndSet(last, now)) {
            draw(now, false);
        }
    }

    /** Draws the final state (with the elapsed time instead of the ETA) and ends the line. Idempotent. */
    public void finish() {
        draw(nanoClock.getAsLong(), true);
    }

    private synchronized void draw(long now, boolean last) {
        if (finished) {
            return;
        }
        String text = line(now, last);
        if (interactive) {
            // Pad with spaces to wipe the tail of a longer previous line (no ANSI codes: works on any terminal).
            int pad = Math.max(0, lastWidth - text.length());
            out.print("\r" + text + " ".repeat(pad) + (last ? System.lineSeparator() : ""));
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
        if (last) {
            finished = true;
        }
    }

    /** The current progress text, as it would be drawn now. */
    public String line() {
        return line(nanoClock.getAsLong(), false);
    }

    private String line(long now, boolean last) {
        long scored = pairs.get();
        long e = errors.get();
        long done = scored + e;
        double secs = (now - startNanos) / 1e9;
        // done counts failed rows too: they are finished work as far as the ETA is concerned.
        StringBuilder sb = new StringBuilder(Fmt.count(done));
        if (total > 0) {
            sb.append('/').append(Fmt.count(total)).append(" pairs (")
                    .append(Fmt.percent((double) done / total, 1)).append(')');
        } else {
            sb.append(" pairs");
        }
        if (e > 0) {
            sb.append(", ").append(Fmt.count(e)).append(e == 1 ? " error" : " errors");
        }
        sb.append(" | ").append(Fmt.rate(secs > 0 ? scored / secs : Double.NaN)).append(" pairs/s")
                .append(" | ").append(Fmt.rate(secs > 0 ? tokens.get() / secs : Double.NaN)).append(" tok/s");
        if (last) {
            sb.append(" | ").append(Fmt.duration(Duration.ofNanos(now - startNanos)));
        } else if (total > 0) {
            sb.append(" | ETA ");
            if (done > 0 && secs > 0) {
                double remaining = Math.max(0, total - done) / (done / secs);
                sb.append(Fmt.duration(Duration.ofMillis((long) (remaining * 1000))));
            } else {
                sb.append('-');
            }
        }
        return sb.toString();
    }
}
