// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_embedder_params {
 *     int32_t pooling;
 *     int32_t max_seq_tokens;
 *     int32_t n_batch;
 *     int32_t n_seq_max;
 *     int32_t n_threads;
 *     int32_t flash_attn;
 *     bool kv_f32;
 * }
 * }
 * (28 bytes, aligned to 4)
 */
public final class seal_embedder_params {
    private seal_embedder_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        seal_h.C_INT.withName("pooling"),
        seal_h.C_INT.withName("max_seq_tokens"),
        seal_h.C_INT.withName("n_batch"),
        seal_h.C_INT.withName("n_seq_max"),
        seal_h.C_INT.withName("n_threads"),
        seal_h.C_INT.withName("flash_attn"),
        seal_h.C_BOOL.withName("kv_f32"),
        MemoryLayout.paddingLayout(3)
    ).withName("seal_embedder_params");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final ValueLayout.OfInt pooling$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("pooling"));
    private static final long pooling$OFFSET = 0;

    public static ValueLayout.OfInt pooling$layout() {
        return pooling$LAYOUT;
    }

    public static long pooling$offset() {
        return pooling$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t pooling } */
    public static int pooling(MemorySegment struct) {
        return struct.get(pooling$LAYOUT, pooling$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t pooling } */
    public static void pooling(MemorySegment struct, int fieldValue) {
        struct.set(pooling$LAYOUT, pooling$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt max_seq_tokens$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("max_seq_tokens"));
    private static final long max_seq_tokens$OFFSET = 4;

    public static ValueLayout.OfInt max_seq_tokens$layout() {
        return max_seq_tokens$LAYOUT;
    }

    public static long max_seq_tokens$offset() {
        return max_seq_tokens$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t max_seq_tokens } */
    public static int max_seq_tokens(MemorySegment struct) {
        return struct.get(max_seq_tokens$LAYOUT, max_seq_tokens$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t max_seq_tokens } */
    public static void max_seq_tokens(MemorySegment struct, int fieldValue) {
        struct.set(max_seq_tokens$LAYOUT, max_seq_tokens$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_batch$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_batch"));
    private static final long n_batch$OFFSET = 8;

    public static ValueLayout.OfInt n_batch$layout() {
        return n_batch$LAYOUT;
    }

    public static long n_batch$offset() {
        return n_batch$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_batch } */
    public static int n_batch(MemorySegment struct) {
        return struct.get(n_batch$LAYOUT, n_batch$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_batch } */
    public static void n_batch(MemorySegment struct, int fieldValue) {
        struct.set(n_batch$LAYOUT, n_batch$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_seq_max$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_seq_max"));
    private static final long n_seq_max$OFFSET = 12;

    public static ValueLayout.OfInt n_seq_max$layout() {
        return n_seq_max$LAYOUT;
    }

    public static long n_seq_max$offset() {
        return n_seq_max$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_seq_max } */
    public static int n_seq_max(MemorySegment struct) {
        return struct.get(n_seq_max$LAYOUT, n_seq_max$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_seq_max } */
    public static void n_seq_max(MemorySegment struct, int fieldValue) {
        struct.set(n_seq_max$LAYOUT, n_seq_max$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_threads$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_threads"));
    private static final long n_threads$OFFSET = 16;

    public static ValueLayout.OfInt n_threads$layout() {
        return n_threads$LAYOUT;
    }

    public static long n_threads$offset() {
        return n_threads$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_threads } */
    public static int n_threads(MemorySegment struct) {
        return struct.get(n_threads$LAYOUT, n_threads$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_threads } */
    public static void n_threads(MemorySegment struct, int fieldValue) {
        struct.set(n_threads$LAYOUT, n_threads$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt flash_attn$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("flash_attn"));
    private static final long flash_attn$OFFSET = 20;

    public static ValueLayout.OfInt flash_attn$layout() {
        return flash_attn$LAYOUT;
    }

    public static long flash_attn$offset() {
        return flash_attn$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t flash_attn } */
    public static int flash_attn(MemorySegment struct) {
        return struct.get(flash_attn$LAYOUT, flash_attn$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t flash_attn } */
    public static void flash_attn(MemorySegment struct, int fieldValue) {
        struct.set(flash_attn$LAYOUT, flash_attn$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean kv_f32$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("kv_f32"));
    private static final long kv_f32$OFFSET = 24;

    public static ValueLayout.OfBoolean kv_f32$layout() {
        return kv_f32$LAYOUT;
    }

    public static long kv_f32$offset() {
        return kv_f32$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool kv_f32 } */
    public static boolean kv_f32(MemorySegment struct) {
        return struct.get(kv_f32$LAYOUT, kv_f32$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool kv_f32 } */
    public static void kv_f32(MemorySegment struct, boolean fieldValue) {
        struct.set(kv_f32$LAYOUT, kv_f32$OFFSET, fieldValue);
    }

}
