package dev.seal.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.function.Function;

/**
 * Little-endian buffered GGUF input with a position: the one low-level reader under both {@link GgufReader} (which
 * decodes a file into a {@link GgufFile}) and {@link GgufValidatorScan} (which checks one without decoding it).
 *
 * <p>It streams through a small buffer rather than mapping the file: the parsers only need the front of a file, a
 * buffered read cannot SIGBUS when the file is truncated under it, and the memory it uses is fixed. Every read is
 * checked against the source's size first; a read past the end is reported through the caller's {@code truncated}
 * function, so each parser raises its own exception type naming what it was reading. Counts and lengths read from the
 * file are the caller's to check (against {@link #left()}) before it allocates or loops.
 */
final class GgufInput {
    /** Bytes buffered at a time; also the largest single {@link #ensure} a caller may ask for. */
    static final int BUFFER_BYTES = 1 << 16;

    /** Where the bytes come from: a file, or memory (fuzzing, tests). */
    interface Source {
        long size() throws IOException;

        /** Reads into dst from the absolute position; -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;

        static Source of(FileChannel ch) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return ch.read(dst, position);
                }
            };
        }

        static Source of(byte[] bytes) {
            return new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public int read(ByteBuffer dst, long position) {
                    if (position >= bytes.length) {
                        return -1;
                    }
                    int n = (int) Math.min(dst.remaining(), bytes.length - position);
                    dst.put(bytes, (int) position, n);
                    return n;
                }
            };
        }
    }

    /** Copies {@code k} elements from the buffer (at its position, which the caller does not move) to index i. */
    interface ElementCopy {
        void copy(ByteBuffer from, int i, int k);
    }

    private final Source src;
    private final long size;
    private final Function<String, RuntimeException> truncated;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** File position of the next byte the source will deliver into {@link #buf}. */
    private long srcPos;

    /**
     * @param truncated makes the exception for a read past the end from its detail ("needs 8 bytes at offset 20 but
     *                  the file ends at 24"); it is called while {@link #pos()} is still the start of the failed read
     */
    GgufInput(Source src, Function<String, RuntimeException> truncated) throws IOException {
        this.src = src;
        this.size = src.size();
        this.truncated = truncated;
        buf.flip(); // empty, in read mode
    }

    long size() {
        return size;
    }

    /** File position of the next unread byte. */
    long pos() {
        return srcPos - buf.remaining();
    }

    /** Bytes between {@link #pos()} and the end of the file. */
    long left() {
        return size - pos();
    }

    /** Makes {@code n <= BUFFER_BYTES} bytes available in the buffer, or fails through {@code truncated}. */
    void ensure(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        if (pos() + n > size) {
            throw truncated.apply("needs " + n + " bytes at offset " + pos() + " but the file ends at " + size);
        }
        if (n > buf.capacity()) {
            throw new IllegalStateException("read of " + n + " bytes is larger than the buffer");
        }
        buf.compact();
        while (buf.position() < n) {
            int r = src.read(buf, srcPos);
            if (r < 0) {
                buf.flip();
                throw truncated.apply("file shrank while being read (ends at offset " + srcPos + ")");
            }
            srcPos += r;
        }
        buf.flip();
    }

    /** Moves past {@code n} bytes without reading them. */
    void skip(long n) {
        if (n <= buf.remaining()) {
            buf.position(buf.position() + (int) n);
            return;
        }
        long target = pos() + n;
        if (target > size) {
            throw truncated.apply("needs " + n + " bytes at offset " + pos() + " but the file ends at " + size);
        }
        srcPos = target;
        buf.clear().flip(); // empty
    }

    void readBytes(byte[] dst, int len) throws IOException {
        for (int off = 0; off < len; ) {
            int k = Math.min(len - off, BUFFER_BYTES);
            ensure(k);
            buf.get(dst, off, k);
            off += k;
        }
    }

    /**
     * Reads {@code len} elements of {@code width} bytes a buffer at a time: {@code copy} takes each run out of a typed
     * view of the buffer, e.g. {@code (b, i, k) -> b.asIntBuffer().get(ints, i, k)}.
     */
    void readElements(int len, int width, ElementCopy copy) throws IOException {
        for (int i = 0; i < len; ) {
            int k = Math.min(len - i, BUFFER_BYTES / width);
            ensure(k * width);
            copy.copy(buf, i, k);
            buf.position(buf.position() + k * width);
            i += k;
        }
    }

    int u8() throws IOException {
        ensure(1);
        return Byte.toUnsignedInt(buf.get());
    }

    int u16() throws IOException {
        ensure(2);
        return Short.toUnsignedInt(buf.getShort());
    }

    long u32() throws IOException {
        ensure(4);
        return Integer.toUnsignedLong(buf.getInt());
    }

    /** An int64 or uint64 (callers treat a negative uint64 as "too large"). */
    long i64() throws IOException {
        ensure(8);
        return buf.getLong();
    }

    float f32() throws IOException {
        return Float.intBitsToFloat((int) u32());
    }

    /**
     * A numeric or BOOL scalar as {@link GgufValue} holds it: UINT8, INT8, UINT16, INT16 and INT32 as Integer, UINT32
     * and 64-bit integers as Long, FLOAT32 as Float, FLOAT64 as Double, BOOL as Boolean.
     */
    Object scalar(GgufType type) throws IOException {
        return switch (type) {
            case UINT8 -> u8();
            case INT8 -> (int) (byte) u8();
            case UINT16 -> u16();
            case INT16 -> (int) (short) u16();
            case UINT32 -> u32();
            case INT32 -> (int) u32();
            case UINT64, INT64 -> i64();
            case FLOAT32 -> f32();
            case FLOAT64 -> Double.longBitsToDouble(i64());
            case BOOL -> u8() != 0;
            case STRING, ARRAY -> throw new IllegalArgumentException(type + " is not a fixed-size scalar");
        };
    }
}
