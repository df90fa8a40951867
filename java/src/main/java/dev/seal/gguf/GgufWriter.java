package dev.seal.gguf;

import dev.seal.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds and writes a GGUF v3 file: metadata of any type, and tensors given as floats (stored as F32, F16 or BF16)
 * or as raw bytes of any ggml type.
 *
 * <pre>{@code
 * new GgufWriter()
 *     .putString("general.architecture", "llama")
 *     .putUInt32("llama.block_count", 2)
 *     .copyFrom(vocab, key -> key.startsWith("tokenizer."))
 *     .addTensor("output_norm.weight", new long[] {64}, GgmlType.F32, ones)
 *     .write(path);
 * }</pre>
 *
 * <p>Keys keep the order they were first put in (re-putting a key replaces its value in place). Tensors are laid out
 * in the order they were added, each at an offset that is a multiple of the alignment and directly after the padded
 * previous one, which is what llama.cpp's reader insists on. {@link #write} writes a temporary file in the target
 * directory, forces it to disk and renames it over the target, so readers see the old file or the whole new one,
 * never a part. The writer is a mutable builder, not thread-safe; it keeps the tensor data in memory until written.
 */
public final class GgufWriter {
    private static final int VERSION = 3;

    private final Map<String, GgufValue> kv = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;

    /** A tensor to write: its dims (ne order), type and encoded bytes. */
    private record Tensor(String name, long[] dims, GgmlType type, byte[] data) {}

    public GgufWriter() {}

    // ---- metadata ---------------------------------------------------------------------------------------------------

    /**
     * Sets a key to a value of any type. {@code general.alignment} must be a UINT32 power of two; it also sets the
     * alignment the file is laid out with.
     */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(value, "value");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("GGUF keys must be non-empty");
        }
        if (key.equals(GgufFile.KEY_ALIGNMENT)) {
            if (value.type() != GgufType.UINT32) {
                throw new IllegalArgumentException(key + " must be UINT32, not " + value.typeName());
            }
            alignment = checkAlignment(value.asLong());
        }
        kv.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValue.uint32(value));
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValue.int32(value));
    }

    public GgufWriter putUInt64(String key, long value) {
        return put(key, GgufValue.uint64(value));
    }

    public GgufWriter putInt64(String key, long value) {
        return put(key, GgufValue.int64(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.float32(value));
    }

    public GgufWriter putFloat64(String key, double value) {
        return put(key, GgufValue.float64(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.bool(value));
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        return put(key, GgufValue.float32Array(values));
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        return put(key, GgufValue.int32Array(values));
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return put(key, GgufValue.stringArray(values));
    }

    /** Removes a key if present (e.g. one that {@link #copyFrom} brought along). */
    public GgufWriter remove(String key) {
        kv.remove(key);
        if (GgufFile.KEY_ALIGNMENT.equals(key)) {
            alignment = GgufFile.DEFAULT_ALIGNMENT;
        }
        return this;
    }

    /**
     * Copies the keys of {@code source} that {@code keys} accepts, in the source's order and with their exact types
     * (how a tiny model takes over a real tokenizer: {@code copyFrom(vocab, k -> k.startsWith("tokenizer."))}).
     * Tensors are not copied.
     */
    public GgufWriter copyFrom(GgufFile source, Predicate<String> keys) {
        for (Map.Entry<String, GgufValue> e : source.metadata().entrySet()) {
            if (keys.test(e.getKey())) {
                put(e.getKey(), e.getValue());
            }
        }
        return this;
    }

    /** Lays the file out with this alignment (a power of two), recorded as {@code general.alignment} unless 32. */
    public GgufWriter alignment(int alignment) {
        checkAlignment(alignment);
        if (alignment == GgufFile.DEFAULT_ALIGNMENT) {
            return remove(GgufFile.KEY_ALIGNMENT);
        }
        return put(GgufFile.KEY_ALIGNMENT, GgufValue.uint32(alignment));
    }

    private static int checkAlignment(long a) {
        if (a <= 0 || (a & (a - 1)) != 0 || a > (1 << 30)) {
            throw new IllegalArgumentException("alignment must be a power of two up to 2^30: " + a);
        }
        return (int) a;
    }

    // ---- tensors ------------------------------------------------------------------------------------------------------

    /**
     * Adds a tensor from floats in storage order (ne0 fastest, i.e. row-major with rows of length {@code dims[0]}),
     * stored as {@code type}: F32 exactly, F16 via {@link Float#floatToFloat16} (round to nearest even), or BF16
     * (round to nearest even). A finite value that F16 cannot represent is refused rather than written as infinity.
     *
     * @param dims 1 to 4 dimensions in ggml ne order (ne0 first), whose product is {@code data.length}
     */
    public GgufWriter addTensor(String name, long[] dims, GgmlType type, float[] data) {
        long[] d = checkTensor(name, dims, type);
        if (product(d) != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': dims " + Arrays.toString(d) + " hold "
                    + product(d) + " elements but " + data.length + " were given");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(data.length, type == GgmlType.F32 ? 4 : 2))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> b.asFloatBuffer().put(data);
            case F16 -> {
                for (int i = 0; i < data.length; i++) {
                    short h = Float.floatToFloat16(data[i]);
                    if (Float.isFinite(data[i]) && Float.isInfinite(Float.float16ToFloat(h))) {
                        throw new IllegalArgumentException("tensor '" + name + "': element " + i + " (" + data[i]
                                + ") overflows F16");
                    }
                    b.putShort(h);
                }
            }
            case BF16 -> {
                for (float f : data) {
                    b.putShort(toBf16(f));
                }
            }
            default -> throw new IllegalArgumentException("tensor '" + name + "': floats can be stored as F32, F16 or"
                    + " BF16, not " + type + " (quantize elsewhere and use addRawTensor)");
        }
        tensors.put(name, new Tensor(name, d, type, b.array()));
        return this;
    }

    /**
     * Adds a tensor of any type from its encoded bytes (e.g. copied from another file with
     * {@link GgufFile#readTensorBytes}); their count must match the type and dims.
     */
    public GgufWriter addRawTensor(String name, long[] dims, GgmlType type, byte[] data) {
        long[] d = checkTensor(name, dims, type);
        long n = product(d);
        if (d[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': ne0 " + d[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        if (type.bytesFor(n) != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + n + " " + type + " elements take "
                    + type.bytesFor(n) + " bytes but " + data.length + " were given");
        }
        tensors.put(name, new Tensor(name, d, type, data.clone()));
        return this;
    }

    private long[] checkTensor(String name, long[] dims, GgmlType type) {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor names must be non-empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > GgufFile.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' is longer than ggml's "
                    + GgufFile.MAX_TENSOR_NAME_BYTES + " bytes");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("duplicate tensor '" + name + "'");
        }
        if (dims.length < 1 || dims.length > GgufFile.MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + name + "': 1 to 4 dims, not " + dims.length);
        }
        for (long x : dims) {
            if (x < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dim in " + Arrays.toString(dims));
            }
        }
        return dims.clone();
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long x : dims) {
            n = Math.multiplyExact(n, x);
        }
        return n;
    }

    /** float → bfloat16 with round-to-nearest-even; NaN stays a (quiet) NaN. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    // ---- writing ----------------------------------------------------------------------------------------------------

    /**
     * Writes the file: to a temporary file next to {@code out}, forced to disk, then atomically renamed onto
     * {@code out} (replacing it). On failure the temporary file is removed and {@code out} is untouched.
     *
     * @return {@code out}
     */
    public Path write(Path out) throws IOException {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = AtomicFiles.tempSibling(target, "tmp");
        boolean done = false;
        try {
            // CREATE_NEW (not createTempFile) so the file gets the usual umask permissions, not 0600
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeTo(ch);
                ch.force(true);
            }
            AtomicFiles.publish(tmp, target);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        return out;
    }

    private void writeTo(FileChannel ch) throws IOException {
        GgufOutput o = new GgufOutput(ch);
        o.bytes(new byte[] {'G', 'G', 'U', 'F'});
        o.i32(VERSION);
        o.i64(tensors.size());
        o.i64(kv.size());
        for (Map.Entry<String, GgufValue> e : kv.entrySet()) {
            o.string(e.getKey());
            GgufValue v = e.getValue();
            o.i32(v.type().id());
            o.value(v);
        }
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Tensor t : tensors.values()) {
            o.string(t.name());
            o.i32(t.dims().length);
            for (long d : t.dims()) {
                o.i64(d);
            }
            o.i32(t.type().id());
            o.i64(offset);
            offsets.add(offset);
            offset = pad(offset + t.data().length);
        }
        if (!tensors.isEmpty()) {
            o.zeros(pad(o.position()) - o.position());
            long dataStart = o.position();
            int i = 0;
            for (Tensor t : tensors.values()) {
                if (o.position() - dataStart != offsets.get(i++)) { // the table above promised this offset
                    throw new IllegalStateException("tensor '" + t.name() + "' laid out at the wrong offset");
                }
                o.bytes(t.data());
                o.zeros(pad(o.position()) - o.position());
            }
        }
        o.flush();
    }

    private long pad(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }
}
