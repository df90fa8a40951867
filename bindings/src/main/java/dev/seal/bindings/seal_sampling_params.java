// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_sampling_params {
 *     float temperature;
 *     int32_t top_k;
 *     float top_p;
 *     float min_p;
 *     uint32_t seed;
 *     int32_t max_tokens;
 * }
 * }
 * (24 bytes, aligned to 4)
 */
public final class seal_sampling_params {
    private seal_sampling_params() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        seal_h.C_FLOAT.withName("temperature"),
        seal_h.C_INT.withName("top_k"),
        seal_h.C_FLOAT.withName("top_p"),
        seal_h.C_FLOAT.withName("min_p"),
        seal_h.C_INT.withName("seed"),
        seal_h.C_INT.withName("max_tokens")
    ).withName("seal_sampling_params");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final ValueLayout.OfFloat temperature$LAYOUT = (ValueLayout.OfFloat) $LAYOUT.select(MemoryLayout.PathElement.groupElement("temperature"));
    private static final long temperature$OFFSET = 0;

    public static ValueLayout.OfFloat temperature$layout() {
        return temperature$LAYOUT;
    }

    public static long temperature$offset() {
        return temperature$OFFSET;
    }

    /** Getter for field {@snippet lang=c : float temperature } */
    public static float temperature(MemorySegment struct) {
        return struct.get(temperature$LAYOUT, temperature$OFFSET);
    }

    /** Setter for field {@snippet lang=c : float temperature } */
    public static void temperature(MemorySegment struct, float fieldValue) {
        struct.set(temperature$LAYOUT, temperature$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt top_k$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("top_k"));
    private static final long top_k$OFFSET = 4;

    public static ValueLayout.OfInt top_k$layout() {
        return top_k$LAYOUT;
    }

    public static long top_k$offset() {
        return top_k$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t top_k } */
    public static int top_k(MemorySegment struct) {
        return struct.get(top_k$LAYOUT, top_k$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t top_k } */
    public static void top_k(MemorySegment struct, int fieldValue) {
        struct.set(top_k$LAYOUT, top_k$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfFloat top_p$LAYOUT = (ValueLayout.OfFloat) $LAYOUT.select(MemoryLayout.PathElement.groupElement("top_p"));
    private static final long top_p$OFFSET = 8;

    public static ValueLayout.OfFloat top_p$layout() {
        return top_p$LAYOUT;
    }

    public static long top_p$offset() {
        return top_p$OFFSET;
    }

    /** Getter for field {@snippet lang=c : float top_p } */
    public static float top_p(MemorySegment struct) {
        return struct.get(top_p$LAYOUT, top_p$OFFSET);
    }

    /** Setter for field {@snippet lang=c : float top_p } */
    public static void top_p(MemorySegment struct, float fieldValue) {
        struct.set(top_p$LAYOUT, top_p$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfFloat min_p$LAYOUT = (ValueLayout.OfFloat) $LAYOUT.select(MemoryLayout.PathElement.groupElement("min_p"));
    private static final long min_p$OFFSET = 12;

    public static ValueLayout.OfFloat min_p$layout() {
        return min_p$LAYOUT;
    }

    public static long min_p$offset() {
        return min_p$OFFSET;
    }

    /** Getter for field {@snippet lang=c : float min_p } */
    public static float min_p(MemorySegment struct) {
        return struct.get(min_p$LAYOUT, min_p$OFFSET);
    }

    /** Setter for field {@snippet lang=c : float min_p } */
    public static void min_p(MemorySegment struct, float fieldValue) {
        struct.set(min_p$LAYOUT, min_p$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt seed$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("seed"));
    private static final long seed$OFFSET = 16;

    public static ValueLayout.OfInt seed$layout() {
        return seed$LAYOUT;
    }

    public static long seed$offset() {
        return seed$OFFSET;
    }

    /** Getter for field {@snippet lang=c : uint32_t seed } */
    public static int seed(MemorySegment struct) {
        return struct.get(seed$LAYOUT, seed$OFFSET);
    }

    /** Setter for field {@snippet lang=c : uint32_t seed } */
    public static void seed(MemorySegment struct, int fieldValue) {
        struct.set(seed$LAYOUT, seed$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt max_tokens$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("max_tokens"));
    private static final long max_tokens$OFFSET = 20;

    public static ValueLayout.OfInt max_tokens$layout() {
        return max_tokens$LAYOUT;
    }

    public static long max_tokens$offset() {
        return max_tokens$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t max_tokens } */
    public static int max_tokens(MemorySegment struct) {
        return struct.get(max_tokens$LAYOUT, max_tokens$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t max_tokens } */
    public static void max_tokens(MemorySegment struct, int fieldValue) {
        struct.set(max_tokens$LAYOUT, max_tokens$OFFSET, fieldValue);
    }

}
