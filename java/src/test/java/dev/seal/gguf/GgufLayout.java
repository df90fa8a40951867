package dev.seal.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each field of a valid GGUF file lies, so tests can patch single fields: the header counts, each key/value's
 * key length, key, type and value, each tensor info's name, n_dims, dims, type and offset. Test-only and trusting:
 * it parses files this project wrote.
 */
final class GgufLayout {
    static final int VERSION = 4;
    static final int N_TENSORS = 8;
    static final int N_KV = 16;

    /** One key/value: offsets of its key length, key bytes, type id, and (arrays) element type, count and data. */
    record Kv(String key, int keyLen, int keyBytes, int type, int typeId, int arrType, int arrCount, int value,
              int end) {}

    /** One tensor info: offsets of its name length, name bytes, n_dims, first dim, type id and data offset. */
    record Tensor(String name, int nameLen, int nameBytes, int nDims, int dims, int type, int offset, long dataOffset,
                  long[] ne) {}

    final byte[] bytes;
    final Map<String, Kv> kvs = new LinkedHashMap<>();
    final List<Tensor> tensors = new ArrayList<>();
    final int tensorInfosEnd;

    GgufLayout(byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(N_TENSORS);
        long nTensors = b.getLong();
        long nKv = b.getLong();
        for (long i = 0; i < nKv; i++) {
            int keyLen = b.position();
            int len = (int) b.getLong();
            int keyBytes = b.position();
            String key = new String(bytes, keyBytes, len, StandardCharsets.UTF_8);
            b.position(keyBytes + len);
            int typePos = b.position();
            int type = b.getInt();
            int arrType = -1;
            int arrCount = -1;
            if (type == GgufType.ARRAY.id()) {
                arrType = b.position();
                int et = b.getInt();
                arrCount = b.position();
                long n = b.getLong();
                int value = b.position();
                for (long k = 0; k < n; k++) {
                    skip(b, et);
                }
                kvs.put(key, new Kv(key, keyLen, keyBytes, typePos, type, arrType, arrCount, value, b.position()));
            } else {
                int value = b.position();
                skip(b, type);
                kvs.put(key, new Kv(key, keyLen, keyBytes, typePos, type, -1, -1, value, b.position()));
            }
        }
        for (long i = 0; i < nTensors; i++) {
            int nameLen = b.position();
            int len = (int) b.getLong();
            int nameBytes = b.position();
            String name = new String(bytes, nameBytes, len, StandardCharsets.UTF_8);
            b.position(nameBytes + len);
            int nDims = b.position();
            int nd = b.getInt();
            int dims = b.position();
            long[] ne = new long[nd];
            for (int d = 0; d < nd; d++) {
                ne[d] = b.getLong();
            }
            int type = b.position();
            b.getInt();
            int offset = b.position();
            long data = b.getLong();
            tensors.add(new Tensor(name, nameLen, nameBytes, nDims, dims, type, offset, data, ne));
        }
        tensorInfosEnd = b.position();
    }

    private static void skip(ByteBuffer b, int type) {
        GgufType t = GgufType.byId(type);
        if (t == GgufType.STRING) {
            long n = b.getLong();
            b.position(b.position() + (int) n);
        } else {
            b.position(b.position() + t.size());
        }
    }

    Kv kv(String key) {
        Kv k = kvs.get(key);
        if (k == null) {
            throw new IllegalArgumentException("no key " + key + " in " + kvs.keySet());
        }
        return k;
    }

    Tensor tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
    }

    /** A copy of the file with a patch applied. */
    byte[] copy() {
        return bytes.clone();
    }

    static void putU32(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
    }

    static void putU64(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }

    static void putF32(byte[] b, int at, float v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, v);
    }
}
