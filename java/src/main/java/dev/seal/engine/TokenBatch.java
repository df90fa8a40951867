package dev.seal.engine;

import java.util.Arrays;

/**
 * Token sequences for one {@link Scorer#score} call, flattened the way the native side reads them.
 * Sequences with the same non-negative group share their common token prefix (computed once).
 */
public final class TokenBatch {
    private final int[] tokens;
    private final long[] offsets;
    private final int[] groups;
    private final int size;

    private TokenBatch(int[] tokens, long[] offsets, int[] groups, int size) {
        this.tokens = tokens;
        this.offsets = offsets;
        this.groups = groups;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public long totalTokens() {
        return offsets[size];
    }

    public int length(int i) {
        return (int) (offsets[i + 1] - offsets[i]);
    }

    int[] tokens() {
        return tokens;
    }

    long[] offsets() {
        return offsets;
    }

    int[] groups() {
        return groups;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Appends sequences; {@link #build()} freezes them. */
    public static final class Builder {
        private int[] tokens = new int[1 << 12];
        private long[] offsets = new long[65];
        private int[] groups = new int[64];
        private int size;
        private int used;

        /** Adds a sequence; group -1 shares nothing. */
        public Builder add(int[] sequence, int group) {
            if (used + sequence.length > tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, used + sequence.length));
            }
            if (size == groups.length) {
                groups = Arrays.copyOf(groups, groups.length * 2);
                offsets = Arrays.copyOf(offsets, groups.length + 1);
            }
            System.arraycopy(sequence, 0, tokens, used, sequence.length);
            used += sequence.length;
            groups[size] = group;
            offsets[++size] = used;
            return this;
        }

        public int size() {
            return size;
        }

        public long tokens() {
            return used;
        }

        public TokenBatch build() {
            return new TokenBatch(Arrays.copyOf(tokens, used), Arrays.copyOf(offsets, size + 1),
                    Arrays.copyOf(groups, size), size);
        }
    }
}
