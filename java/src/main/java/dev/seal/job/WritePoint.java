package dev.seal.job;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The places in the job's write path where an interruption is hardest to recover from. The job tells an observer each
 * time it passes one; the default observer does nothing, so in normal runs these are inert. They exist so the
 * kill-and-resume tests can halt a process at exactly these moments (as a kill -9 or a power cut would) and show that
 * a rerun recovers from each; the halting itself lives in the tests.
 */
public enum WritePoint {
    /** Half of a shard's temporary file written, not yet flushed or synced. */
    SHARD_PARTIAL,
    /** A shard renamed into place, the manifest not yet updated. */
    SHARD_RENAMED,
    /** Half of the manifest's temporary file written. */
    MANIFEST_PARTIAL,
    /** Part of the final output written to its temporary file. */
    ASSEMBLE_PARTIAL,
    /** The final output published, the job directory not yet marked complete. */
    ASSEMBLE_PUBLISHED,
    /** A batch of rows appended to a {@link RowJournal} and synced (seal label, seal similarity). */
    JOURNAL_COMMITTED;

    private static volatile Consumer<WritePoint> observer = point -> {};

    /** Replaces the observer for the whole process (tests install one in a child JVM before running the CLI). */
    public static void observe(Consumer<WritePoint> o) {
        observer = Objects.requireNonNull(o, "observer");
    }

    void pass() {
        observer.accept(this);
    }
}
