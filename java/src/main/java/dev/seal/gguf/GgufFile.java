package dev.seal.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The parsed header, metadata and tensor table of a GGUF file; immutable. Tensor data is not loaded: read it on
 * demand with {@link #readTensorBytes} / {@link #readTensorFloats}, which reopen the file.
 *
 * <p>{@link #metadata()} keeps the file's key order and each value's exact GGUF type (see {@link GgufValue} for the
 * Java representation of each type). The typed getters throw a {@link GgufFormatException} naming the file and key
 * when the key is missing or has another type; the {@code optional...} getters return empty only when the key is
 * absent, and still throw when it is present with the wrong type, since that is a broken file, not a missing feature.
 */
public final class GgufFile {
    /** The one key the format itself interprets. */
    public static final String KEY_ALIGNMENT = "general.alignment";
    public static final String KEY_ARCHITECTURE = "general.architecture";
    /** GGUF_DEFAULT_ALIGNMENT: the alignment when the file has no {@code general.alignment}. */
    static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_NAME (64) minus the terminating NUL. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;

    private final Path path;
    private final int version;
    private final long fileSize;
    private final int alignment;
    private final long dataOffset;
    private final Map<String, GgufValue> metadata;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> tensorsByName;

    GgufFile(Path path, int version, long fileSize, int alignment, long dataOffset, Map<String, GgufValue> metadata,
             List<TensorInfo> tensors) {
        this.path = path;
        this.version = version;
        this.fileSize = fileSize;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.metadata = metadata;
        this.tensors = tensors;
        Map<String, TensorInfo> byName = new HashMap<>();
        for (TensorInfo t : tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = Map.copyOf(byName);
    }

    /**
     * Parses a GGUF v2 or v3 file. Metadata that would decode to more than 512 MiB is refused (a safety net against
     * garbage; real tokenizers need a few tens of MiB); see {@link #read(Path, long)}.
     *
     * @throws GgufFormatException when the file is not valid GGUF, with the field and problem in the message
     * @throws IOException         when it cannot be read
     */
    public static GgufFile read(Path path) throws IOException {
        return GgufReader.read(path, GgufReader.DEFAULT_MAX_METADATA_BYTES);
    }

    /**
     * As {@link #read(Path)}, refusing metadata that would decode to more than {@code maxMetadataBytes} bytes (the
     * raw bytes of values, plus 48 per string for its objects).
     */
    public static GgufFile read(Path path, long maxMetadataBytes) throws IOException {
        return GgufReader.read(path, maxMetadataBytes);
    }

    public Path path() {
        return path;
    }

    /**
     * GGUF version: 2 or 3. v3 only added big-endian files, which are refused; little-endian v2 and v3 files share
     * one layout.
     */
    public int version() {
        return version;
    }

    public long fileSize() {
        return fileSize;
    }

    /** Alignment of the data section and of every tensor offset: {@code general.alignment}, default 32. */
    public int alignment() {
        return alignment;
    }

    /**
     * Absolute file offset where tensor data starts; tensor offsets are relative to it. Padded to the alignment when
     * the file has tensors (as ggml does), the end of the tensor table otherwise.
     */
    public long dataOffset() {
        return dataOffset;
    }

    /** Every key/value in file order (unmodifiable). */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    /** The tensor table in file order (unmodifiable). */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** The tensor with this name. */
    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    public boolean contains(String key) {
        return metadata.containsKey(key);
    }

    /** The value of a key that must be present. */
    public GgufValue value(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            throw new GgufFormatException(path + ": key '" + key + "' is missing");
        }
        return v;
    }

    public Optional<GgufValue> optionalValue(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** {@code general.architecture}, e.g. {@code "llama"}: the prefix of the model's hyperparameter keys. */
    public String architecture() {
        return getString(KEY_ARCHITECTURE);
    }

    /** {@code "<architecture>.<suffix>"}, e.g. {@code archKey("embedding_length")} → {@code "llama.embedding_length"}. */
    public String archKey(String suffix) {
        return architecture() + "." + suffix;
    }

    // ---- typed getters: required --------------------------------------------------------------------------------------

    public String getString(String key) {
        return get(key, GgufValue::asString);
    }

    /** Any integer type (unsigned zero-extended). */
    public long getLong(String key) {
        return get(key, GgufValue::asLong);
    }

    /** Any integer type whose value fits an int. */
    public int getInt(String key) {
        return get(key, GgufValue::asInt);
    }

    /** FLOAT32 only. */
    public float getFloat(String key) {
        return get(key, GgufValue::asFloat);
    }

    /** FLOAT32 or FLOAT64. */
    public double getDouble(String key) {
        return get(key, GgufValue::asDouble);
    }

    public boolean getBoolean(String key) {
        return get(key, GgufValue::asBoolean);
    }

    /** A FLOAT32 array (a copy). */
    public float[] getFloatArray(String key) {
        return get(key, GgufValue::asFloatArray);
    }

    /** An integer array whose elements fit an int. */
    public int[] getIntArray(String key) {
        return get(key, GgufValue::asIntArray);
    }

    /** An integer array, unsigned elements zero-extended. */
    public long[] getLongArray(String key) {
        return get(key, GgufValue::asLongArray);
    }

    /** A STRING array (unmodifiable). */
    public List<String> getStringList(String key) {
        return get(key, GgufValue::asStringList);
    }

    // ---- typed getters: optional ------------------------------------------------------------------------------------

    public Optional<String> optionalString(String key) {
        return optional(key, GgufValue::asString);
    }

    public OptionalLong optionalLong(String key) {
        return metadata.containsKey(key) ? OptionalLong.of(getLong(key)) : OptionalLong.empty();
    }

    public OptionalInt optionalInt(String key) {
        return metadata.containsKey(key) ? OptionalInt.of(getInt(key)) : OptionalInt.empty();
    }

    public OptionalDouble optionalDouble(String key) {
        return metadata.containsKey(key) ? OptionalDouble.of(getDouble(key)) : OptionalDouble.empty();
    }

    public Optional<Boolean> optionalBoolean(String key) {
        return optional(key, GgufValue::asBoolean);
    }

    public Optional<float[]> optionalFloatArray(String key) {
        return optional(key, GgufValue::asFloatArray);
    }

    public Optional<List<String>> optionalStringList(String key) {
        return optional(key, GgufValue::asStringList);
    }

    private <T> T get(String key, Function<GgufValue, T> f) {
        GgufValue v = value(key);
        try {
            return f.apply(v);
        } catch (GgufFormatException e) {
            throw new GgufFormatException(path + ": key '" + key + "': " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> optional(String key, Function<GgufValue, T> f) {
        return metadata.containsKey(key) ? Optional.of(get(key, f)) : Optional.empty();
    }

    // ---- tensor data ----------------------------------------------------------------------------------------------

    /** Absolute file offset of a tensor's data. */
    public long fileOffset(TensorInfo t) {
        return dataOffset + t.offset();
    }

    /** The raw bytes of a tensor of this file, read from disk now. */
    public byte[] readTensorBytes(TensorInfo t) throws IOException {
        if (!t.equals(tensorsByName.get(t.name()))) {
            throw new IllegalArgumentException("tensor " + t + " is not from " + path);
        }
        if (t.nbytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.nbytes()
                    + " bytes, more than a Java array holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) t.nbytes());
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long at = fileOffset(t);
            while (b.hasRemaining()) {
                int r = ch.read(b, at + b.position());
                if (r < 0) {
                    throw new GgufFormatException(path + ": tensor '" + t.name() + "': file ends at "
                            + (at + b.position()) + ", inside the tensor's data");
                }
            }
        }
        return b.array();
    }

    /** A F32, F16 or BF16 tensor's elements as floats, in storage order (ne0 fastest). */
    public float[] readTensorFloats(TensorInfo t) throws IOException {
        if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
            throw new UnsupportedOperationException("tensor '" + t.name() + "' is " + t.type()
                    + "; only F32, F16 and BF16 are decoded");
        }
        ByteBuffer b = ByteBuffer.wrap(readTensorBytes(t)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) t.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (t.type()) {
                case F32 -> b.getFloat();
                case F16 -> Float.float16ToFloat(b.getShort());
                default -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16); // BF16: the high half of a float
            };
        }
        return out;
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + metadata.size() + " keys, " + tensors.size()
                + " tensors, data at " + dataOffset + "]";
    }
}
