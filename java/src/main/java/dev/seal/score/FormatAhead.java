package dev.seal.score;

import dev.seal.data.PreferencePair;
import dev.seal.format.PairFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Formats and tokenizes pairs on a small pool of threads, ahead of the decodes, and hands them back in input order.
 * The thread that decodes takes formatted pairs from a bounded window of groups; each group it takes makes room for
 * the next, so formatting runs while the engine decodes, and stops (holding at most {@code window} groups) when the
 * engine is the slower side. Formatting a pair depends on nothing but the pair, so the result is the same as
 * formatting them one after another on one thread; with no workers, that is what this does.
 *
 * <p>Sharing the formatter's model between threads is safe: rendering a template and tokenizing only read the model
 * (llama.cpp's tokenizer keeps per-call state in a session object, and its own test-tokenizer-1-bpe tokenizes on
 * every core at once through one vocabulary).
 */
public final class FormatAhead implements AutoCloseable {
    /** Pairs per task: enough to make a task's overhead small, few enough that the first decode starts soon. */
    static final int GROUP_PAIRS = 16;
    /** Groups formatted ahead per worker at most: the bound of the queue between formatting and decoding. */
    static final int GROUPS_AHEAD_PER_WORKER = 4;

    /** One pair formatted: its tokens, or why it could not be formatted. */
    public record Formatted(PairFormatter.Formatted tokens, PairFormatter.FormatException error) {}

    /** A pair's formatting as a worker left it: a result, or the unexpected failure to throw when it is taken. */
    private record Done(Formatted formatted, RuntimeException thrown) {
        Formatted get() {
            if (thrown != null) {
                throw thrown;
            }
            return formatted;
        }
    }

    private final PairFormatter formatter;
    private final ExecutorService pool;
    private final int window;

    /** @param workers formatting threads; 0 formats on the caller's thread, when it asks for each pair */
    public FormatAhead(PairFormatter formatter, int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + workers);
        }
        this.formatter = formatter;
        if (workers == 0) {
            this.pool = null;
        } else {
            // the window bounds what is queued; idle threads end, so a backend nobody closes holds no thread
            ThreadPoolExecutor p = new ThreadPoolExecutor(workers, workers, 10, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemons());
            p.allowCoreThreadTimeOut(true);
            this.pool = p;
        }
        this.window = Math.max(1, workers * GROUPS_AHEAD_PER_WORKER);
    }

    /**
     * The formatting threads that fit beside the engine: the cores its threads leave free, at least one (formatting
     * is small beside a decode, and overlapping it is the point even on a machine the engine fills).
     *
     * @param engineThreads the engine's CPU threads, 0 for all cores
     */
    static int workersBeside(int engineThreads, int cores) {
        int engine = engineThreads > 0 ? Math.min(engineThreads, cores) : cores;
        return Math.max(1, cores - engine);
    }

    private static ThreadFactory daemons() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "seal-format-" + n.incrementAndGet());
            t.setDaemon(true); // a job that ends with an error must not wait on formatting nobody will read
            return t;
        };
    }

    /** The pairs' formatting, in their order; a caller that stops early closes the stream to drop the rest. */
    public Stream stream(List<PreferencePair> pairs) {
        return new Stream(pairs);
    }

    /** Formatted pairs in input order; at most the window's groups are formatted ahead of the reader. */
    public final class Stream implements AutoCloseable {
        private final List<PreferencePair> pairs;
        private final ArrayDeque<Future<Done[]>> ahead = new ArrayDeque<>();
        private int submitted; // pairs handed to the pool
        private Done[] group = new Done[0];
        private int inGroup;
        private int taken;

        private Stream(List<PreferencePair> pairs) {
            this.pairs = pairs;
            if (pool != null) {
                while (ahead.size() < window && submitted < pairs.size()) {
                    submitNext();
                }
            }
        }

        public boolean hasNext() {
            return taken < pairs.size();
        }

        /**
         * The next pair's formatting. A failure other than a {@link PairFormatter.FormatException} (a closed model, a
         * native error) is thrown here, as formatting on this thread would throw it.
         */
        public Formatted next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (pool == null) {
                return formatOne(pairs.get(taken++)).get();
            }
            if (inGroup == group.length) {
                group = await(ahead.removeFirst());
                inGroup = 0;
                if (submitted < pairs.size()) {
                    submitNext();
                }
            }
            taken++;
            return group[inGroup++].get();
        }

        private void submitNext() {
            List<PreferencePair> g = pairs.subList(submitted, Math.min(pairs.size(), submitted + GROUP_PAIRS));
            submitted += g.size();
            ahead.addLast(pool.submit(() -> {
                Done[] out = new Done[g.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = formatOne(g.get(i));
                }
                return out;
            }));
        }

        /** Drops what was formatted ahead and not taken (the caller stopped early: the batch failed). */
        @Override
        public void close() {
            for (Future<Done[]> f : ahead) {
                f.cancel(false);
            }
            ahead.clear();
        }
    }

    private Done formatOne(PreferencePair p) {
        try {
            return new Done(new Formatted(formatter.format(p), null), null);
        } catch (PairFormatter.FormatException e) {
            return new Done(new Formatted(null, e), null);
        } catch (RuntimeException e) {
            return new Done(null, e);
        }
    }

    private static Done[] await(Future<Done[]> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException("formatting failed", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for formatted pairs", e);
        }
    }

    /** Stops the workers and waits for them: the model they read must outlive them. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdownNow();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // a pair can take long to tokenize (up to --max-text-bytes of text); the model must not be freed under it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
