// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_model_params {
 *     int32_t n_gpu_layers;
 *     bool use_mmap;
 *     bool vocab_only;
 *     int32_t device;
 * }
 * }
 * (12 bytes, aligned to 4)
 */
public final class seal_model_params {
    private seal_model_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        seal_h.C_INT.withName("n_gpu_layers"),
        seal_h.C_BOOL.withName("use_mmap"),
        seal_h.C_BOOL.withName("vocab_only"),
        MemoryLayout.paddingLayout(2),
        seal_h.C_INT.withName("device")
    ).withName("seal_model_params");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final ValueLayout.OfInt n_gpu_layers$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_gpu_layers"));
    private static final long n_gpu_layers$OFFSET = 0;

    public static ValueLayout.OfInt n_gpu_layers$layout() {
        return n_gpu_layers$LAYOUT;
    }

    public static long n_gpu_layers$offset() {
        return n_gpu_layers$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_gpu_layers } */
    public static int n_gpu_layers(MemorySegment struct) {
        return struct.get(n_gpu_layers$LAYOUT, n_gpu_layers$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_gpu_layers } */
    public static void n_gpu_layers(MemorySegment struct, int fieldValue) {
        struct.set(n_gpu_layers$LAYOUT, n_gpu_layers$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean use_mmap$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("use_mmap"));
    private static final long use_mmap$OFFSET = 4;

    public static ValueLayout.OfBoolean use_mmap$layout() {
        return use_mmap$LAYOUT;
    }

    public static long use_mmap$offset() {
        return use_mmap$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool use_mmap } */
    public static boolean use_mmap(MemorySegment struct) {
        return struct.get(use_mmap$LAYOUT, use_mmap$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool use_mmap } */
    public static void use_mmap(MemorySegment struct, boolean fieldValue) {
        struct.set(use_mmap$LAYOUT, use_mmap$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfBoolean vocab_only$LAYOUT = (ValueLayout.OfBoolean) $LAYOUT.select(MemoryLayout.PathElement.groupElement("vocab_only"));
    private static final long vocab_only$OFFSET = 5;

    public static ValueLayout.OfBoolean vocab_only$layout() {
        return vocab_only$LAYOUT;
    }

    public static long vocab_only$offset() {
        return vocab_only$OFFSET;
    }

    /** Getter for field {@snippet lang=c : bool vocab_only } */
    public static boolean vocab_only(MemorySegment struct) {
        return struct.get(vocab_only$LAYOUT, vocab_only$OFFSET);
    }

    /** Setter for field {@snippet lang=c : bool vocab_only } */
    public static void vocab_only(MemorySegment struct, boolean fieldValue) {
        struct.set(vocab_only$LAYOUT, vocab_only$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt device$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("device"));
    private static final long device$OFFSET = 8;

    public static ValueLayout.OfInt device$layout() {
        return device$LAYOUT;
    }

    public static long device$offset() {
        return device$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t device } */
    public static int device(MemorySegment struct) {
        return struct.get(device$LAYOUT, device$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t device } */
    public static void device(MemorySegment struct, int fieldValue) {
        struct.set(device$LAYOUT, device$OFFSET, fieldValue);
    }

}
