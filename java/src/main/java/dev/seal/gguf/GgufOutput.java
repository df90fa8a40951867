package dev.seal.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Little-endian buffered GGUF output with a position: the one encoder of GGUF values, shared by the
 * in-memory {@link GgufWriter} and the converter's streaming writer.
 */
public final class GgufOutput {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    public GgufOutput(FileChannel ch) {
        this.ch = ch;
    }

    /** Bytes written so far, buffered ones included. */
    public long position() {
        return flushed + buf.position();
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            flushed += ch.write(buf);
        }
        buf.clear();
    }

    public void i8(int v) throws IOException {
        room(1);
        buf.put((byte) v);
    }

    public void i16(int v) throws IOException {
        room(2);
        buf.putShort((short) v);
    }

    public void i32(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    public void i64(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    public void f32(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    public void bytes(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int k = Math.min(b.length - off, buf.remaining());
            buf.put(b, off, k);
            off += k;
        }
    }

    /** Copies bytes straight from a (memory-mapped) segment. */
    public void segment(MemorySegment src) throws IOException {
        long off = 0;
        long n = src.byteSize();
        while (off < n) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int k = (int) Math.min(n - off, buf.remaining());
            MemorySegment.ofBuffer(buf).asSlice(0, k).copyFrom(src.asSlice(off, k));
            buf.position(buf.position() + k);
            off += k;
        }
    }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes. */
    public void string(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i64(b.length);
        bytes(b);
    }

    public void zeros(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            i8(0);
        }
    }

    /** A metadata value's payload (its type id is written by the caller). */
    public void value(GgufValue v) throws IOException {
        Object raw = v.raw();
        switch (v.type()) {
            case UINT8, INT8 -> i8(((Number) raw).intValue());
            case BOOL -> i8((Boolean) raw ? 1 : 0);
            case UINT16, INT16 -> i16(((Number) raw).intValue());
            case UINT32, INT32 -> i32(((Number) raw).intValue()); // UINT32 is held as a Long: keep the low bits
            case UINT64, INT64 -> i64(((Number) raw).longValue());
            case FLOAT32 -> i32(Float.floatToRawIntBits((Float) raw));
            case FLOAT64 -> i64(Double.doubleToRawLongBits((Double) raw));
            case STRING -> string((String) raw);
            case ARRAY -> array(v);
        }
    }

    /** An array: element type, count, elements; nested arrays repeat this for each element. */
    private void array(GgufValue v) throws IOException {
        i32(v.elementType().id());
        i64(v.length());
        switch (v.raw()) {
            case byte[] a -> bytes(a);
            case boolean[] a -> {
                for (boolean z : a) {
                    i8(z ? 1 : 0);
                }
            }
            case short[] a -> {
                for (short x : a) {
                    i16(x);
                }
            }
            case int[] a -> {
                for (int x : a) {
                    i32(x);
                }
            }
            case long[] a -> {
                for (long x : a) {
                    i64(x);
                }
            }
            case float[] a -> {
                for (float x : a) {
                    i32(Float.floatToRawIntBits(x));
                }
            }
            case double[] a -> {
                for (double x : a) {
                    i64(Double.doubleToRawLongBits(x));
                }
            }
            case List<?> l -> {
                for (Object e : l) {
                    if (e instanceof String s) {
                        string(s);
                    } else {
                        array((GgufValue) e);
                    }
                }
            }
            default -> throw new AssertionError(v.raw().getClass());
        }
    }
}
