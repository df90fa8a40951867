package dev.seal.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Little-endian byte builder for hand-crafting (broken) GGUF files in tests, independent of {@link GgufWriter}. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes gguf(int version, long nTensors, long nKv) {
        return new Bytes().raw('G', 'G', 'U', 'F').u32(version).u64(nTensors).u64(nKv);
    }

    Bytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u32(long v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v));
    }

    Bytes u64(long v) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v));
    }

    Bytes f32(float v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v));
    }

    Bytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        out.writeBytes(b);
        return this;
    }

    /** A key with a scalar UINT32 value. */
    Bytes kvU32(String key, long v) {
        return str(key).u32(GgufType.UINT32.id()).u32(v);
    }

    Bytes kvString(String key, String v) {
        return str(key).u32(GgufType.STRING.id()).str(v);
    }

    /** A tensor info: name, dims, ggml type id, offset. */
    Bytes tensor(String name, long[] dims, int type, long offset) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(type).u64(offset);
    }

    Bytes zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    /** Pads with zeros to a multiple of {@code alignment}. */
    Bytes pad(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path writeTo(Path p) throws IOException {
        Files.write(p, bytes());
        return p;
    }

    private Bytes put(ByteBuffer b) {
        out.writeBytes(b.array());
        return this;
    }
}
