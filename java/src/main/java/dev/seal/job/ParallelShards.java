package dev.seal.job;

import dev.seal.data.PairReader;
import dev.seal.score.Progress;
import dev.seal.score.ScoreJob;
import dev.seal.score.ScoringBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One job, several backends (one worker per device): backend k of n scores segments k, k + n, k + 2n, ... of the input
 * (a segment is one shard's rows, counted from the first row), each through its own {@link ScoreJob} and its own
 * reader of the whole input, and the segments are committed to the {@link ShardedJob} in input order. A segment's
 * batches depend only on the segment (batches never cross a segment boundary), so the shards, and so the output, are
 * byte for byte those of one backend; a killed run resumes from its last committed shard as a single one does.
 *
 * <p>A backend that finishes a segment before the segments ahead of it are committed waits for them (it holds one
 * segment at most), so memory stays at one segment per backend.
 */
public final class ParallelShards {
    /** Opens a reader of the whole input, once per backend. */
    public interface Readers {
        PairReader open() throws IOException;
    }

    private final ShardedJob job;
    private final long segmentRows;
    private final long start;  // the row this run starts at (after an earlier run's shards)
    private long next;
    private boolean failed;

    private ParallelShards(ShardedJob job, long segmentRows) {
        this.job = job;
        this.segmentRows = segmentRows;
        this.start = job.resumeFrom();
        this.next = start;
    }

    /**
     * Scores what is left of {@code job} with every backend at once, returning when all are done.
     *
     * @param notes one per backend, where that backend's job says how batches were split or shrunk
     * @throws IOException the first failure of any backend (the others stop at their next segment)
     */
    public static void run(ShardedJob job, List<ScoringBackend> backends, List<Consumer<String>> notes,
                           ScoreJob.Settings settings, Readers readers, String source, long segmentRows,
                           Progress progress) throws IOException {
        ParallelShards shared = new ParallelShards(job, segmentRows);
        int n = backends.size();
        List<Thread> threads = new ArrayList<>();
        Throwable[] first = new Throwable[1];
        for (int k = 0; k < n; k++) {
            int mine = k;
            ScoreJob scoring = new ScoreJob(backends.get(k), settings, notes.get(k));
            threads.add(Thread.ofPlatform().name("seal-device-" + k).start(() -> {
                try (PairReader reader = readers.open()) {
                    scoring.run(reader, source, shared.start, segmentRows, shared.new Segments(), progress,
                            segment -> segment % n == mine);
                } catch (Throwable t) {
                    synchronized (first) {
                        if (first[0] == null) {
                            first[0] = t;
                        }
                    }
                    shared.fail();
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shared.fail();
                throw new IOException("interrupted while the device workers ran", e);
            }
        }
        switch (first[0]) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(first[0]);
        }
    }

    private synchronized void fail() {
        failed = true;
        notifyAll();
    }

    /** Commits one finished segment after every segment before it; waits for them. */
    private synchronized void commit(long from, long to, List<ScoreJob.Entry> entries, boolean last) throws IOException {
        while (next != from && !failed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to commit rows " + from + " to " + to, e);
            }
        }
        if (failed) {
            throw new IOException("stopped: another device's worker failed");
        }
        for (ScoreJob.Entry e : entries) {
            job.accept(e);
        }
        job.segmentEnd(to, last);
        next = to;
        notifyAll();
    }

    /** One backend's sink: collects a segment's entries and commits them in turn. */
    private final class Segments implements ScoreJob.Sink {
        private final List<ScoreJob.Entry> pending = new ArrayList<>();

        @Override
        public void accept(ScoreJob.Entry e) {
            pending.add(e);
        }

        @Override
        public void segmentEnd(long position, boolean last) throws IOException {
            if (pending.isEmpty()) {
                return; // the end of an input whose last segment is another backend's
            }
            long from = pending.getFirst().position() / segmentRows * segmentRows;
            commit(Math.max(from, start), position, List.copyOf(pending), last);
            pending.clear();
        }
    }
}
