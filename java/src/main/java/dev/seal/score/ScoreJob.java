package dev.seal.score;

import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.ErrorWriter;
import dev.seal.data.RowError;
import dev.seal.data.Turn;
import dev.seal.engine.Scorer;
import dev.seal.format.PairFormatter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The scoring loop: read rows, hand the backend one batch of pairs at a time (it formats, tokenizes, packs and shares
 * prefixes), and emit exactly one {@link Entry} per input row, in input order: a scored pair or an error with its
 * reason. A row that cannot be read, formatted or scored is an error entry; the job carries on.
 *
 * <p>Batches never cross a segment boundary (every {@code segmentRows} rows), so the batches of a segment, and hence
 * its scores, do not depend on whether the job was resumed there. A batch that fails as a whole
 * ({@link BatchFailure}: a native abort in the worker, out of memory, a failed decode) is split in halves and retried,
 * down to single pairs: one poison row costs only itself. Out of memory at a decode is handled in the engine, which
 * halves its tokens per decode (see seal_scorer_score); only a call that still fails as a whole for lack of memory
 * reaches this class, and then batches stay at most half the size that failed for the rest of the job.
 */
public final class ScoreJob {
    /** Reason of a pair whose texts together exceed {@link Settings#maxTextBytes()}. */
    public static final String REASON_TEXT_TOO_LARGE = "text_too_large";

    /**
     * @param chunkPairs   pairs per backend call; larger lets the engine sort and pack better
     * @param chunkBytes   text bytes per backend call (bounds what one call holds in memory and on the wire)
     * @param maxTextBytes a pair whose texts exceed this many UTF-8 bytes is an error ({@value #REASON_TEXT_TOO_LARGE})
     *                     rather than hours of tokenizing
     */
    public record Settings(int chunkPairs, long chunkBytes, long maxTextBytes) {
        public Settings {
            if (chunkPairs < 1 || chunkBytes < 1 || maxTextBytes < 1) {
                throw new IllegalArgumentException("chunk sizes and the text limit must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(1024, 64L << 20, 16L << 20);
        }

        public Settings withChunkPairs(int n) {
            return new Settings(n, chunkBytes, maxTextBytes);
        }
    }

    /** The result of one input row; {@code position} is its 0-based index among the reader's rows. */
    public sealed interface Entry {
        long position();
    }

    /** A scored pair. */
    public record Result(long position, ScoreRecord record) implements Entry {}

    /** A row that could not be scored, with the stage where it failed. */
    public record Error(long position, String stage, RowError error) implements Entry {}

    /** Where entries go, in input order. */
    public interface Sink {
        void accept(Entry e) throws IOException;

        /** Every row before {@code position} has been accepted; {@code last} at the end of the input. */
        default void segmentEnd(long position, boolean last) throws IOException {}
    }

    private final ScoringBackend backend;
    private final Settings settings;
    private final Consumer<String> notes;
    private int cap = Integer.MAX_VALUE;

    /** @param notes where to say how batches were split or shrunk (a line each) */
    public ScoreJob(ScoringBackend backend, Settings settings, Consumer<String> notes) {
        this.backend = backend;
        this.settings = settings;
        this.notes = notes;
    }

    /** In this process, as before the worker existed: kept for callers that hold a Scorer themselves. */
    public ScoreJob(Scorer scorer, PairFormatter formatter, int chunkPairs) {
        this(new InProcessBackend(scorer.model(), scorer, formatter), Settings.defaults().withChunkPairs(Math.max(1, chunkPairs)),
                s -> { });
    }

    /** One row of the current batch: a ready entry, or a pair waiting for its outcome. */
    private record Slot(long position, Entry ready, PreferencePair pair) {}

    /**
     * Reads the whole input. The first {@code skip} rows are read but not scored (a resumed job: the reader still
     * sees their ids, so duplicate detection is unchanged); batches are cut at every multiple of {@code segmentRows}.
     *
     * @return the number of rows read
     */
    public long run(PairReader reader, String source, long skip, long segmentRows, Sink sink, Progress progress)
            throws IOException {
        return run(reader, source, skip, segmentRows, sink, progress, segment -> true);
    }

    /**
     * As {@link #run(PairReader, String, long, long, Sink, Progress)}, scoring only the segments (numbered from 0 at
     * the first row) that {@code scores} accepts; the others are read, as skipped rows are, and neither scored nor
     * passed to the sink. Several jobs over one input, each taking its share of segments, together score it as one
     * job would (see dev.seal.job.ParallelShards).
     */
    public long run(PairReader reader, String source, long skip, long segmentRows, Sink sink, Progress progress,
                    LongPredicate scores) throws IOException {
        List<Slot> batch = new ArrayList<>();
        long bytes = 0;
        int pairs = 0;
        long position = 0;
        for (PairReader.Row row = reader.next(); row != null; row = reader.next(), position++) {
            Slot slot = slot(position, row, source);
            if (position < skip || !scores.test(position / segmentRows)) {
                continue;
            }
            batch.add(slot);
            if (slot.pair() != null) {
                pairs++;
                bytes += 2 * textBytes(slot.pair()); // the raw texts travel too
            }
            boolean segmentEnds = (position + 1) % segmentRows == 0;
            if (segmentEnds || pairs >= Math.min(settings.chunkPairs(), cap) || bytes >= settings.chunkBytes()) {
                flush(batch, source, sink, progress);
                batch.clear();
                bytes = 0;
                pairs = 0;
            }
            if (segmentEnds) {
                sink.segmentEnd(position + 1, false);
            }
        }
        flush(batch, source, sink, progress);
        sink.segmentEnd(position, true);
        return position;
    }

    /** The whole input to one scores file and one errors file, no segments (the in-memory path). */
    public Summary run(PairReader reader, String source, ScoreWriter out, ErrorWriter errors, Progress progress)
            throws IOException {
        SummaryBuilder summary = new SummaryBuilder();
        run(reader, source, 0, Long.MAX_VALUE, e -> {
            switch (e) {
                case Result r -> {
                    out.write(r.record());
                    summary.add(r.record());
                }
                case Error x -> {
                    errors.write(x.stage(), x.error());
                    summary.error(x.error());
                }
            }
        }, progress);
        return summary.build();
    }

    private Slot slot(long position, PairReader.Row row, String source) {
        return switch (row) {
            case PairReader.Row.Bad bad -> new Slot(position, new Error(position, ErrorWriter.STAGE_READ, bad.error()), null);
            case PairReader.Row.Ok ok -> {
                PreferencePair p = ok.pair();
                long n = textBytes(p);
                if (n > settings.maxTextBytes()) {
                    yield new Slot(position, new Error(position, ErrorWriter.STAGE_FORMAT, new RowError(source, p.row(),
                            p.id(), REASON_TEXT_TOO_LARGE, "the pair's texts are " + n + " bytes, more than the limit of "
                            + settings.maxTextBytes() + " (--max-text-bytes)")), null);
                }
                yield new Slot(position, null, p);
            }
        };
    }

    /**
     * UTF-8 bytes of the pair's texts: each side's turns and response (what --max-text-bytes limits). A conversation the
     * two sides share counts once: it is one text in the input, and the prefix is scored once.
     */
    static long textBytes(PreferencePair p) {
        long n = textBytes(p.chosen());
        return p.samePrompt() ? n + utf8Length(p.rejected().response()) : n + textBytes(p.rejected());
    }

    private static long textBytes(PreferencePair.Side s) {
        long n = utf8Length(s.response());
        for (Turn t : s.prompt()) {
            n += utf8Length(t.content());
        }
        return n;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void flush(List<Slot> batch, String source, Sink sink, Progress progress) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<PreferencePair> pairs = new ArrayList<>();
        for (Slot s : batch) {
            if (s.pair() != null) {
                pairs.add(s.pair());
            }
        }
        PairOutcome[] outcomes = new PairOutcome[pairs.size()];
        long[] tokens = new long[1];
        scoreSplitting(pairs, 0, pairs.size(), outcomes, tokens, false);
        int k = 0;
        long scored = 0;
        long failed = 0;
        for (Slot s : batch) {
            Entry e = s.ready() != null ? s.ready() : entry(s.position(), s.pair(), outcomes[k++], source);
            if (e instanceof Result) {
                scored++;
            } else {
                failed++;
            }
            sink.accept(e);
        }
        if (progress != null) {
            progress.add(scored, tokens[0]);
            progress.addErrors(failed);
        }
    }

    private void scoreSplitting(List<PreferencePair> pairs, int lo, int hi, PairOutcome[] out, long[] tokens,
                                boolean retried) {
        int n = hi - lo;
        if (n == 0) {
            return;
        }
        if (n > cap) {
            for (int from = lo; from < hi; from += cap) {
                scoreSplitting(pairs, from, Math.min(hi, from + cap), out, tokens, false);
            }
            return;
        }
        try {
            ScoringBackend.Batch b = backend.score(pairs.subList(lo, hi));
            if (b.outcomes().size() != n) {
                throw new IllegalStateException("the backend returned " + b.outcomes().size() + " outcomes for " + n + " pairs");
            }
            for (int i = 0; i < n; i++) {
                out[lo + i] = b.outcomes().get(i);
            }
            tokens[0] += b.tokensInput();
        } catch (BatchFailure f) {
            boolean crash = f.kind() == BatchFailure.Kind.CRASH || f.kind() == BatchFailure.Kind.TIMEOUT;
            if (f.kind() == BatchFailure.Kind.OUT_OF_MEMORY && n > 1) {
                cap = Math.max(1, n / 2);
                notes.accept("out of memory scoring " + n + " pairs: retrying in halves, at most " + cap
                        + " pairs per call from now on");
            }
            if (n == 1) {
                if (crash && !retried) {
                    // a lone pair that crashed the worker: once more in a fresh worker before calling it poison
                    scoreSplitting(pairs, lo, hi, out, tokens, true);
                    return;
                }
                PreferencePair p = pairs.get(lo);
                out[lo] = new PairOutcome.Failed(ErrorWriter.STAGE_SCORE, f.reasonCode(), (crash
                        ? "this pair alone crashed the native engine twice (it was isolated by splitting its batch): "
                        : "") + f.getMessage());
                notes.accept("row " + p.row() + " (id " + p.id() + ") failed alone: " + f.reasonCode()
                        + "; it goes to the errors file and the job goes on");
                return;
            }
            int mid = lo + n / 2;
            scoreSplitting(pairs, lo, mid, out, tokens, false);
            scoreSplitting(pairs, mid, hi, out, tokens, false);
        }
    }

    private static Entry entry(long position, PreferencePair p, PairOutcome o, String source) {
        return switch (o) {
            case PairOutcome.Failed f -> new Error(position, f.stage(), new RowError(source, p.row(), p.id(), f.reason(),
                    f.detail()));
            case PairOutcome.Scored s -> {
                Set<String> flags = new HashSet<>(p.flags());
                flags.addAll(s.flags()); // the reader's and the formatter's
                yield new Result(position, new ScoreRecord(p.id(), p.promptId(), p.row(), s.chosen(), s.rejected(), s.chosenTokens(),
                        s.rejectedTokens(), s.sharedTokens(), flags));
            }
        };
    }

    /** Batch size cap after an out-of-memory failure (Integer.MAX_VALUE when none happened). */
    public int cap() {
        return cap;
    }
}
