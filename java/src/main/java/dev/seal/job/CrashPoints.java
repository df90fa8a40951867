package dev.seal.job;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named places in the job's write path where a test can make the process die on the spot, as a kill -9 or a power
 * cut would: {@code -Dseal.test.crash=NAME} halts at the first pass through NAME, {@code NAME@K} at the K-th. Inert
 * without the property. Used by the kill-and-resume test to kill mid-write deterministically, on top of kills at
 * random moments.
 */
public final class CrashPoints {
    /** Half of a shard's temporary file written, not yet flushed or synced. */
    public static final String SHARD_PARTIAL = "shard.partial";
    /** A shard renamed into place, the manifest not yet updated. */
    public static final String SHARD_RENAMED = "shard.renamed";
    /** Half of the manifest's temporary file written. */
    public static final String MANIFEST_PARTIAL = "manifest.partial";
    /** Part of the final output written to its temporary file. */
    public static final String ASSEMBLE_PARTIAL = "assemble.partial";
    /** The final output published, the job directory not yet marked complete. */
    public static final String ASSEMBLE_PUBLISHED = "assemble.published";

    private static final String SPEC = System.getProperty("seal.test.crash", "");
    private static final ConcurrentHashMap<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

    private CrashPoints() {}

    public static void hit(String name) {
        if (SPEC.isEmpty()) {
            return;
        }
        String want = SPEC;
        int at = 1;
        int k = SPEC.indexOf('@');
        if (k >= 0) {
            want = SPEC.substring(0, k);
            at = Integer.parseInt(SPEC.substring(k + 1));
        }
        if (want.equals(name) && HITS.computeIfAbsent(name, x -> new AtomicInteger()).incrementAndGet() == at) {
            System.err.println("seal: test crash point " + name + "@" + at + ": halting");
            System.err.flush();
            Runtime.getRuntime().halt(86);
        }
    }
}
