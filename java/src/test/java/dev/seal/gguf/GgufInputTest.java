package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The reader under both GGUF parsers: runs that cross buffer refills come back whole, and every read past the end,
 * including one into a file that shrank after it was opened, goes to the caller's exception with the offset where
 * the read started.
 */
class GgufInputTest {
    /** The caller's exception in these tests: the detail and the position the input had when it failed. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long at;

        Truncated(String detail, long at) {
            super(detail);
            this.at = at;
        }
    }

    private static GgufInput input(GgufInput.Source src) throws IOException {
        GgufInput[] self = new GgufInput[1];
        self[0] = new GgufInput(src, detail -> new Truncated(detail, self[0].pos()));
        return self[0];
    }

    @Test
    void elementRunsLongerThanTheBufferReadBackWhole() throws IOException {
        int n = 3 * GgufInput.BUFFER_BYTES / 4 + 5; // three refills and a partial one
        ByteBuffer b = ByteBuffer.allocate(1 + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 7); // misaligns the ints against the buffer
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i * 31 - 1000;
            b.putInt(expected[i]);
        }
        GgufInput in = input(GgufInput.Source.of(b.array()));
        assertEquals(7, in.u8());
        int[] got = new int[n];
        in.readElements(n, 4, (buf, i, k) -> buf.asIntBuffer().get(got, i, k));
        assertArrayEquals(expected, got);
        assertEquals(0, in.left());
    }

    @Test
    void readsAndSkipsPastTheEndFailAtTheirStart() throws IOException {
        GgufInput in = input(GgufInput.Source.of(new byte[10]));
        in.skip(4);
        Truncated e = assertThrows(Truncated.class, in::i64);
        assertEquals("needs 8 bytes at offset 4 but the file ends at 10", e.getMessage());
        assertEquals(4, e.at);
        Truncated s = assertThrows(Truncated.class, () -> in.skip(7));
        assertEquals("needs 7 bytes at offset 4 but the file ends at 10", s.getMessage());
        assertEquals(6, in.left(), "a failed read consumes nothing");
    }

    @Test
    void aFileThatShrinksUnderTheReaderIsATruncation() throws IOException {
        byte[] now = new byte[12]; // the file says 100 bytes, then holds only 12
        GgufInput.Source shrunk = new GgufInput.Source() {
            @Override
            public long size() {
                return 100;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return GgufInput.Source.of(now).read(dst, position);
            }
        };
        GgufInput in = input(shrunk);
        assertEquals(0, in.i64());
        Truncated e = assertThrows(Truncated.class, in::i64);
        assertEquals("file shrank while being read (ends at offset 12)", e.getMessage());
        assertEquals(8, e.at);
    }
}
