// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_model_info {
 *     char architecture[32];
 *     char description[128];
 *     int32_t head_kind;
 *     int32_t n_labels;
 *     int32_t n_embd;
 *     int32_t n_layer;
 *     int32_t n_ctx_train;
 *     int32_t n_vocab;
 *     int32_t vocab_type;
 *     int32_t token_bos;
 *     int32_t token_eos;
 *     int32_t token_sep;
 *     bool add_bos;
 *     bool add_eos;
 *     bool add_sep;
 *     bool causal;
 *     bool has_chat_template;
 *     uint64_t n_params;
 *     uint64_t size_bytes;
 * }
 * }
 * (224 bytes, aligned to 8)
 */
public final class seal_model_info {
    private seal_model_info() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(32, seal_h.C_CHAR).withName("architecture"),
        MemoryLayout.sequenceLayout(128, seal_h.C_CHAR).withName("description"),
        seal_h.C_INT.withName("head_kind"),
        seal_h.C_INT.withName("n_labels"),
        seal_h.C_INT.withName("n_embd"),
        seal_h.C_INT.withName("n_layer"),
        seal_h.C_INT.withName("n_ctx_train"),
        seal_h.C_INT.withName("n_vocab"),
        seal_h.C_INT.withName("vocab_type"),
        seal_h.C_INT.withName("token_bos"),
        seal_h.C_INT.withName("token_eos"),
        seal_h.C_INT.withName("token_sep"),
        seal_h.C_BOOL.withName("add_bos"),
        seal_h.C_BOOL.withName("add_eos"),
        seal_h.C_BOOL.withName("add_sep"),
        seal_h.C_BOOL.withName("causal"),
        seal_h.C_BOOL.withName("has_chat_template"),
        MemoryLayout.paddingLayout(3),
        seal_h.C_LONG.withName("n_params"),
        seal_h.C_LONG.withName("size_bytes")
    ).withName("seal_model_info");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final SequenceLayout architecture$LAYOUT = (SequenceLayout) $LAYOUT.select(MemoryLayout.PathElement.groupElement("architecture"));
    private static final long architecture$OFFSET = 0;

    public static SequenceLayout architecture$layout() {
        return architecture$LAYOUT;
    }

    public static long architecture$offset() {
        return architecture$OFFSET;
    }

    /** Getter for field {@snippet lang=c : char architecture[32] } */
    public static MemorySegment architecture(MemorySegment struct) {
        return struct.asSlice(architecture$OFFSET, architecture$LAYOUT.byteSize());
    }

    /** Setter for field {@snippet lang=c : char architecture[32] } */
    public static void architecture(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, architecture$OFFSET, architecture$LAYOUT.byteSize());
    }

    private static final SequenceLayout description$LAYOUT = (SequenceLayout) $LAYOUT.select(MemoryLayout.PathElement.groupElement("description"));
    private static final long description$OFFSET = 32;

    public static SequenceLayout description$layout() {
        return description$LAYOUT;
    }

    public static long description$offset() {
        return description$OFFSET;
    }

    /** Getter for field {@snippet lang=c : char description[128] } */
    public static MemorySegment description(MemorySegment struct) {
        return struct.asSlice(description$OFFSET, description$LAYOUT.byteSize());
    }

    /** Setter for field {@snippet lang=c : char description[128] } */
    public static void description(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, description$OFFSET, description$LAYOUT.byteSize());
    }

    private static final ValueLayout.OfInt head_kind$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("head_kind"));
    private static final long head_kind$OFFSET = 160;

    public static ValueLayout.OfInt head_kind$layout() {
        return head_kind$LAYOUT;
    }

    public static long head_kind$offset() {
        return head_kind$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t head_kind } */
    public static int head_kind(MemorySegment struct) {
        return struct.get(head_kind$LAYOUT, head_kind$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t head_kind } */
    public static void head_kind(MemorySegment struct, int fieldValue) {
        struct.set(head_kind$LAYOUT, head_kind$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_labels$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_labels"));
    private static final long n_labels$OFFSET = 164;

    public static ValueLayout.OfInt n_labels$layout() {
        return n_labels$LAYOUT;
    }

    public static long n_labels$offset() {
        return n_labels$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_labels } */
    public static int n_labels(MemorySegment struct) {
        return struct.get(n_labels$LAYOUT, n_labels$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_labels } */
    public static void n_labels(MemorySegment struct, int fieldValue) {
        struct.set(n_labels$LAYOUT, n_labels$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_embd$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_embd"));
    private static final long n_embd$OFFSET = 168;

    public static ValueLayout.OfInt n_embd$layout() {
        return n_embd$LAYOUT;
    }

    public static long n_embd$offset() {
        return n_embd$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_embd } */
    public static int n_embd(MemorySegment struct) {
        return struct.get(n_embd$LAYOUT, n_embd$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_embd } */
    public static void n_embd(MemorySegment struct, int fieldValue) {
        struct.set(n_embd$LAYOUT, n_embd$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_layer$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_layer"));
    private static final long n_layer$OFFSET = 172;

    public static ValueLayout.OfInt n_layer$layout() {
        return n_layer$LAYOUT;
    }

    public static long n_layer$offset() {
        return n_layer$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_layer } */
    public static int n_layer(MemorySegment struct) {
        return struct.get(n_layer$LAYOUT, n_layer$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_layer } */
    public static void n_layer(MemorySegment struct, int fieldValue) {
        struct.set(n_layer$LAYOUT, n_layer$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_ctx_train$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_ctx_train"));
    private static final long n_ctx_train$OFFSET = 176;

    public static ValueLayout.OfInt n_ctx_train$layout() {
        return n_ctx_train$LAYOUT;
    }

    public static long n_ctx_train$offset() {
        return n_ctx_train$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_ctx_train } */
    public static int n_ctx_train(MemorySegment struct) {
        return struct.get(n_ctx_train$LAYOUT, n_ctx_train$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_ctx_train } */
    public static void n_ctx_train(MemorySegment struct, int fieldValue) {
        struct.set(n_ctx_train$LAYOUT, n_ctx_train$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_vocab$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_vocab"));
    private static final long n_vocab$OFFSET = 180;

    public static ValueLayout.OfInt n_vocab$layout() {
        return n_vocab$LAYOUT;
    }

    public static long n_vocab$offset() {
        return n_vocab$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_vocab } */
    public static int n_vocab(MemorySegment struct) {
        return struct.get(n_vocab$LAYOUT, n_vocab$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_vocab } */
    public static void n_vocab(MemorySegment struct, int fieldValue) {
        struct.set(n_vocab$LAYOUT, n_vocab$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt vocab_type$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("vocab_type"));
    private static final long vocab_type$OFFSET = 184;

    public static ValueLayout.OfInt vocab_type$layout() {
        return vocab_type$LAYOUT;
    }

    public static long vocab_type$offset() {
        return vocab_type$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t vocab_type } */
    public static int vocab_type(MemorySegment struct) {
        return struct.get(vocab_type$LAYOUT, vocab_type$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t vocab_type } */
    public static void vocab_type(MemorySegment struct, int fieldValue) {
        struct.set(vocab_type$LAYOUT, vocab_type$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt token_bos$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("token_bos"));
    private static final long token_bos$OFFSET = 188;

    public static ValueLayout.OfInt token_bos$layout() {
        return token_bos$LAYOUT;
    }

    public static long token_bos$offset() {
        return token_bos$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t token_bos } */
    public static int token_bos(MemorySegment struct) {
        return struct.get(token_bos$LAYOUT, token_bos$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t token_bos } */
    public static void token_bos(MemorySegment struct, int fieldValue) {
        struct.set(token_bos$LAYOUT, token_bos$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt token_eos$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("token_eos"));
    private static final long token_eos$OFFSET = 192;

    public static ValueLayout.OfInt token_eos$layout() {
        return token_eos$LAYOUT;
    }

    public static long token_eos$offset() {
        return token_eos$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t token_eos } */
    public static int token_eos(MemorySegment struct) {
        return struct.get(token_eos$LAYOUT, token_eos$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t token_eos } */
    public static void token_eos(MemorySegment struct, int fieldValue) {
        struct.set(token_eos$LAYOUT, token_eos$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt token_sep$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("token_sep"));
    private static final long token_sep$OFFSET = 196;

    public static ValueLayout.OfInt token_sep$layout() {
        return token_sep$LAYOUT;
    }

    public static long token_sep$offset() {
        return token_sep$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t token_sep } */
    public static int token_sep(MemorySegment struct) {
        return struct.get(token_sep$LAYOUT, token_sep$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t token_sep } */
    public static void token_sep(MemorySegment struct, int fieldValue) {
        struct.set(token_sep$LAYOUT, token_sep$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean add_bos$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("add_bos"));
    private static final long add_bos$OFFSET = 200;

    public static ValueLayout.OfBoolean add_bos$layout() {
        return add_bos$LAYOUT;
    }

    public static long add_bos$offset() {
        return add_bos$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool add_bos } */
    public static boolean add_bos(MemorySegment struct) {
        return struct.get(add_bos$LAYOUT, add_bos$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool add_bos } */
    public static void add_bos(MemorySegment struct, boolean fieldValue) {
        struct.set(add_bos$LAYOUT, add_bos$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean add_eos$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("add_eos"));
    private static final long add_eos$OFFSET = 201;

    public static ValueLayout.OfBoolean add_eos$layout() {
        return add_eos$LAYOUT;
    }

    public static long add_eos$offset() {
        return add_eos$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool add_eos } */
    public static boolean add_eos(MemorySegment struct) {
        return struct.get(add_eos$LAYOUT, add_eos$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool add_eos } */
    public static void add_eos(MemorySegment struct, boolean fieldValue) {
        struct.set(add_eos$LAYOUT, add_eos$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean add_sep$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("add_sep"));
    private static final long add_sep$OFFSET = 202;

    public static ValueLayout.OfBoolean add_sep$layout() {
        return add_sep$LAYOUT;
    }

    public static long add_sep$offset() {
        return add_sep$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool add_sep } */
    public static boolean add_sep(MemorySegment struct) {
        return struct.get(add_sep$LAYOUT, add_sep$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool add_sep } */
    public static void add_sep(MemorySegment struct, boolean fieldValue) {
        struct.set(add_sep$LAYOUT, add_sep$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean causal$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("causal"));
    private static final long causal$OFFSET = 203;

    public static ValueLayout.OfBoolean causal$layout() {
        return causal$LAYOUT;
    }

    public static long causal$offset() {
        return causal$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool causal } */
    public static boolean causal(MemorySegment struct) {
        return struct.get(causal$LAYOUT, causal$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool causal } */
    public static void causal(MemorySegment struct, boolean fieldValue) {
        struct.set(causal$LAYOUT, causal$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean has_chat_template$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("has_chat_template"));
    private static final long has_chat_template$OFFSET = 204;

    public static ValueLayout.OfBoolean has_chat_template$layout() {
        return has_chat_template$LAYOUT;
    }

    public static long has_chat_template$offset() {
        return has_chat_template$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool has_chat_template } */
    public static boolean has_chat_template(MemorySegment struct) {
        return struct.get(has_chat_template$LAYOUT, has_chat_template$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool has_chat_template } */
    public static void has_chat_template(MemorySegment struct, boolean fieldValue) {
        struct.set(has_chat_template$LAYOUT, has_chat_template$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong n_params$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_params"));
    private static final long n_params$OFFSET = 208;

    public static ValueLayout.OfLong n_params$layout() {
        return n_params$LAYOUT;
    }

    public static long n_params$offset() {
        return n_params$OFFSET;
    }

    /** Getter for field {@snippet lang=c : uint64_t n_params } */
    public static long n_params(MemorySegment struct) {
        return struct.get(n_params$LAYOUT, n_params$OFFSET);
    }

    /** Setter for field {@snippet lang=c : uint64_t n_params } */
    public static void n_params(MemorySegment struct, long fieldValue) {
        struct.set(n_params$LAYOUT, n_params$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong size_bytes$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("size_bytes"));
    private static final long size_bytes$OFFSET = 216;

    public static ValueLayout.OfLong size_bytes$layout() {
        return size_bytes$LAYOUT;
    }

    public static long size_bytes$offset() {
        return size_bytes$OFFSET;
    }

    /** Getter for field {@snippet lang=c : uint64_t size_bytes } */
    public static long size_bytes(MemorySegment struct) {
        return struct.get(size_bytes$LAYOUT, size_bytes$OFFSET);
    }

    /** Setter for field {@snippet lang=c : uint64_t size_bytes } */
    public static void size_bytes(MemorySegment struct, long fieldValue) {
        struct.set(size_bytes$LAYOUT, size_bytes$OFFSET, fieldValue);
    }

}
