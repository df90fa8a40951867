package dev.seal.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Token sequences laid out the way seal.h's calls read them: all tokens concatenated, and n + 1 int64 offsets
 * (sequence i is tokens[offsets[i] .. offsets[i+1])). One layout for the prober, the embedder and the generator; the
 * scorer builds the same in {@link TokenBatch}, which also carries its groups.
 */
record Sequences(MemorySegment tokens, MemorySegment offsets) {
    static Sequences of(Arena arena, List<int[]> seqs) {
        long[] offsets = new long[seqs.size() + 1];
        for (int i = 0; i < seqs.size(); i++) {
            offsets[i + 1] = offsets[i] + seqs.get(i).length;
        }
        MemorySegment tokens = arena.allocate(ValueLayout.JAVA_INT, Math.max(1L, offsets[seqs.size()]));
        for (int i = 0; i < seqs.size(); i++) {
            MemorySegment.copy(seqs.get(i), 0, tokens, ValueLayout.JAVA_INT, 4L * offsets[i], seqs.get(i).length);
        }
        return new Sequences(tokens, arena.allocateFrom(ValueLayout.JAVA_LONG, offsets));
    }
}
