package dev.seal.perturb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The seed of one part of one copy, from (run seed, pair id, kind, copy, part) alone. Hashing the identity instead of
 * drawing from one run-wide stream keeps a pair's copies the same whatever rows come before it, whether or not other
 * rows are bad, and whichever other kinds are asked for.
 */
final class Seeds {
    private Seeds() {}

    static long of(long seed, String id, Kind kind, int copy, String part) {
        return of(seed, id, kind.id(), copy, part);
    }

    /** The same for a kind by its id (the paraphrase kind, which is not a {@link Kind}). */
    static long of(long seed, String id, String kind, int copy, String part) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(seed).putInt(copy).array());
        // each string ends with a NUL, which no id or name contains, so ("ab","c") and ("a","bc") differ
        for (String s : new String[] {id, kind, part}) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }
}
