package dev.seal.gguf;

/**
 * The types a GGUF metadata value can have ({@code enum gguf_type} in ggml's {@code gguf.h}), with their on-disk ids.
 */
public enum GgufType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    /** {@code uint64} byte length, then that many UTF-8 bytes. */
    STRING(8, -1),
    /** {@code uint32} element type, {@code uint64} element count, then the elements. */
    ARRAY(9, -1),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufType[] BY_ID = values();

    private final int id;
    private final int size;

    GgufType(int id, int size) {
        this.id = id;
        this.size = size;
    }

    /** The id written in files. */
    public int id() {
        return id;
    }

    /** Bytes one value takes on disk, or -1 for the variable-size {@link #STRING} and {@link #ARRAY}. */
    public int size() {
        return size;
    }

    /** True for the integer types (signed and unsigned, any width). */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** The type with this on-disk id, or null when there is none (callers turn that into a message with context). */
    static GgufType byIdOrNull(long id) {
        // ids are dense 0..12 and the constants are declared in id order
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** The type with this on-disk id. */
    public static GgufType byId(long id) {
        GgufType t = byIdOrNull(id);
        if (t == null) {
            throw new GgufFormatException("unknown GGUF value type id " + id + " (known: 0.." + (BY_ID.length - 1) + ")");
        }
        return t;
    }
}
