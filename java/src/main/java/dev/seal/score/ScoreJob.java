package dev.seal.score;

import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.RowError;
import dev.seal.engine.Scorer;
import dev.seal.engine.SealException;
import dev.seal.engine.TokenBatch;
import dev.seal.format.PairFormatter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scoring loop: read pairs, format and tokenize them, hand the scorer one large batch at a time
 * (it packs, sorts and shares prefixes natively), write one row per pair in input order. A row that
 * cannot be read, formatted or scored goes to the errors file with its reason; the job carries on.
 */
public final class ScoreJob {
    /** Flag on a pair whose prompt was truncated from the left to fit. */
    public static final String FLAG_TRUNCATED = "truncated";

    private final Scorer scorer;
    private final PairFormatter formatter;
    private final int chunkPairs;
    private final long chunkTokens;

    /**
     * @param chunkPairs pairs per native call; larger lets the engine sort and pack better, smaller
     *                   makes progress and output steadier. Tokens are capped at 64 decodes' worth.
     */
    public ScoreJob(Scorer scorer, PairFormatter formatter, int chunkPairs) {
        this.scorer = scorer;
        this.formatter = formatter;
        this.chunkPairs = Math.max(1, chunkPairs);
        this.chunkTokens = 64L * scorer.batchTokens();
    }

    private record Pending(PreferencePair pair, PairFormatter.Formatted tokens) {}

    /** Runs to the end of the reader. */
    public Summary run(PairReader reader, String source, ScoreWriter out, ErrorWriter errors, Progress progress)
            throws IOException {
        SummaryBuilder summary = new SummaryBuilder();
        List<Pending> chunk = new ArrayList<>();
        long tokens = 0;
        Set<String> seenIds = new HashSet<>();
        for (PairReader.Row row = reader.next(); row != null; row = reader.next()) {
            switch (row) {
                case PairReader.Row.Bad bad -> {
                    errors.write(ErrorWriter.STAGE_READ, bad.error());
                    summary.error(bad.error());
                    if (progress != null) progress.addErrors(1);
                }
                case PairReader.Row.Ok ok -> {
                    PreferencePair p = ok.pair();
                    if (!seenIds.add(p.id())) {
                        RowError e = new RowError(source, p.row(), p.id(), "duplicate_id", "id " + p.id() + " seen before");
                        errors.write(ErrorWriter.STAGE_READ, e);
                        summary.error(e);
                        continue;
                    }
                    try {
                        PairFormatter.Formatted f = formatter.format(p);
                        chunk.add(new Pending(p, f));
                        tokens += f.chosen().length + f.rejected().length;
                    } catch (PairFormatter.FormatException e) {
                        RowError err = new RowError(source, p.row(), p.id(), e.reason(), e.getMessage());
                        errors.write(ErrorWriter.STAGE_FORMAT, err);
                        summary.error(err);
                        if (progress != null) progress.addErrors(1);
                    }
                    if (chunk.size() >= chunkPairs || tokens >= chunkTokens) {
                        flush(chunk, source, out, errors, summary, progress);
                        chunk.clear();
                        tokens = 0;
                    }
                }
            }
        }
        flush(chunk, source, out, errors, summary, progress);
        return summary.build();
    }

    private void flush(List<Pending> chunk, String source, ScoreWriter out, ErrorWriter errors, SummaryBuilder summary,
                       Progress progress) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        TokenBatch.Builder b = TokenBatch.builder();
        for (int i = 0; i < chunk.size(); i++) {
            b.add(chunk.get(i).tokens().chosen(), i);
            b.add(chunk.get(i).tokens().rejected(), i);
        }
        Scorer.Result r = scorer.score(b.build());
        long done = 0;
        for (int i = 0; i < chunk.size(); i++) {
            Pending pending = chunk.get(i);
            PreferencePair p = pending.pair();
            int c = 2 * i;
            int rj = c + 1;
            if (r.status()[c] != 0 || r.status()[rj] != 0) {
                int bad = r.status()[c] != 0 ? r.status()[c] : r.status()[rj];
                RowError e = new RowError(source, p.row(), p.id(), SealException.code(bad),
                        (r.status()[c] != 0 ? "chosen" : "rejected") + " side could not be scored: " + SealException.code(bad));
                errors.write(ErrorWriter.STAGE_SCORE, e);
                summary.error(e);
                if (progress != null) progress.addErrors(1);
                continue;
            }
            float[] chosen = new float[r.nLabels()];
            float[] rejected = new float[r.nLabels()];
            for (int l = 0; l < r.nLabels(); l++) {
                chosen[l] = r.reward(c, l);
                rejected[l] = r.reward(rj, l);
            }
            Set<String> flags = p.flags();
            if (pending.tokens().truncated()) {
                flags = new HashSet<>(flags);
                flags.add(FLAG_TRUNCATED);
            }
            ScoreRecord rec = new ScoreRecord(p.id(), p.row(), chosen, rejected, pending.tokens().chosen().length,
                    pending.tokens().rejected().length, Math.max(r.shared()[c], r.shared()[rj]), flags);
            out.write(rec);
            summary.add(rec);
            done++;
        }
        if (progress != null) {
            progress.add(done, r.stats().tokensInput());
        }
    }
}
