package dev.seal.gguf;

/**
 * Tensor element types ({@code enum ggml_type} in ggml's {@code ggml.h}) with their on-disk ids, block sizes (elements
 * per block) and block byte sizes, as in ggml's {@code type_traits} table and the {@code block_*} structs of
 * {@code ggml-common.h} (llama.cpp v0.4.0).
 *
 * <p>Quantized types store a row as whole blocks, so a tensor's first dimension (ne0) must be a multiple of
 * {@link #blockSize()}; its byte size is {@code elements / blockSize * typeSize}. Ids that ggml removed (4, 5: Q4_2,
 * Q4_3; 31..33: Q4_0_4_4..Q4_0_8_8; 36..38: IQ4_NL_4_4..IQ4_NL_8_8) are deliberately absent: llama.cpp refuses
 * them in files, and so does {@link #byId}.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17),
    NVFP4(40, 64, 36),
    Q1_0(41, 128, 18),
    Q2_0(42, 64, 18);

    /** One past the largest id ggml knows ({@code GGML_TYPE_COUNT}). */
    static final int ID_LIMIT = 43;

    private static final GgmlType[] BY_ID = new GgmlType[ID_LIMIT];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The id written in files. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for the plain float and integer types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** True for block-quantized types (block size above 1). */
    public boolean isQuantized() {
        return blockSize > 1;
    }

    /**
     * Bytes that {@code elements} elements of this type take, or -1 when {@code elements} is not a whole number of
     * blocks. Throws {@link ArithmeticException} on overflow.
     */
    public long bytesFor(long elements) {
        if (elements < 0 || elements % blockSize != 0) {
            return -1;
        }
        return Math.multiplyExact(elements / blockSize, (long) typeSize);
    }

    /** The type with this id, or null (callers add context to the message). */
    static GgmlType byIdOrNull(long id) {
        return id >= 0 && id < ID_LIMIT ? BY_ID[(int) id] : null;
    }

    /** The type with this id; an unknown or removed id is a {@link GgufFormatException} naming it. */
    public static GgmlType byId(long id) {
        GgmlType t = byIdOrNull(id);
        if (t == null) {
            throw new GgufFormatException(describeUnknown(id));
        }
        return t;
    }

    static String describeUnknown(long id) {
        String why = switch ((int) Math.max(Math.min(id, Integer.MAX_VALUE), Integer.MIN_VALUE)) {
            case 4, 5 -> " (Q4_2/Q4_3, removed from ggml)";
            case 31, 32, 33 -> " (Q4_0_4_4/Q4_0_4_8/Q4_0_8_8, removed from GGUF files: use Q4_0)";
            case 36, 37, 38 -> " (IQ4_NL_4_4/IQ4_NL_4_8/IQ4_NL_8_8, removed from GGUF files: use IQ4_NL)";
            default -> id >= ID_LIMIT ? " (newer than llama.cpp v0.4.0, which knows ids below " + ID_LIMIT + ")" : "";
        };
        return "unknown ggml type id " + id + why;
    }
}
