// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_generator_params {
 *     int32_t n_ctx;
 *     int32_t n_batch;
 *     int32_t n_seq_max;
 *     int32_t n_threads;
 *     int32_t flash_attn;
 *     bool share_prefix;
 *     bool kv_f32;
 * }
 * }
 * (24 bytes, aligned to 4)
 */
public final class seal_generator_params {
    private seal_generator_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        seal_h.C_INT.withName("n_ctx"),
        seal_h.C_INT.withName("n_batch"),
        seal_h.C_INT.withName("n_seq_max"),
        seal_h.C_INT.withName("n_threads"),
        seal_h.C_INT.withName("flash_attn"),
        seal_h.C_BOOL.withName("share_prefix"),
        seal_h.C_BOOL.withName("kv_f32"),
        MemoryLayout.paddingLayout(2)
    ).withName("seal_generator_params");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final ValueLayout.OfInt n_ctx$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_ctx"));
    private static final long n_ctx$OFFSET = 0;

    public static ValueLayout.OfInt n_ctx$layout() {
        return n_ctx$LAYOUT;
    }

    public static long n_ctx$offset() {
        return n_ctx$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_ctx } */
    public static int n_ctx(MemorySegment struct) {
        return struct.get(n_ctx$LAYOUT, n_ctx$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_ctx } */
    public static void n_ctx(MemorySegment struct, int fieldValue) {
        struct.set(n_ctx$LAYOUT, n_ctx$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_batch$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_batch"));
    private static final long n_batch$OFFSET = 4;

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
    private static final long n_seq_max$OFFSET = 8;

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
    private static final long n_threads$OFFSET = 12;

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
    private static final long flash_attn$OFFSET = 16;

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

    private static final ValueLayout.OfBoolean share_prefix$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("share_prefix"));
    private static final long share_prefix$OFFSET = 20;

    public static ValueLayout.OfBoolean share_prefix$layout() {
        return share_prefix$LAYOUT;
    }

    public static long share_prefix$offset() {
        return share_prefix$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool share_prefix } */
    public static boolean share_prefix(MemorySegment struct) {
        return struct.get(share_prefix$LAYOUT, share_prefix$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool share_prefix } */
    public static void share_prefix(MemorySegment struct, boolean fieldValue) {
        struct.set(share_prefix$LAYOUT, share_prefix$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean kv_f32$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("kv_f32"));
    private static final long kv_f32$OFFSET = 21;

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
