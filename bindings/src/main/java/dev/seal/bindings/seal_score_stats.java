// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_score_stats {
 *     int64_t n_tokens_input;
 *     int64_t n_tokens_decoded;
 *     int32_t n_decodes;
 *     int32_t n_failed;
 *     double seconds_decode;
 *     double seconds_total;
 * }
 * }
 * (40 bytes, aligned to 8)
 */
public final class seal_score_stats {
    private seal_score_stats() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        seal_h.C_LONG.withName("n_tokens_input"),
        seal_h.C_LONG.withName("n_tokens_decoded"),
        seal_h.C_INT.withName("n_decodes"),
        seal_h.C_INT.withName("n_failed"),
        seal_h.C_DOUBLE.withName("seconds_decode"),
        seal_h.C_DOUBLE.withName("seconds_total")
    ).withName("seal_score_stats");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final ValueLayout.OfLong n_tokens_input$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_tokens_input"));
    private static final long n_tokens_input$OFFSET = 0;

    public static ValueLayout.OfLong n_tokens_input$layout() {
        return n_tokens_input$LAYOUT;
    }

    public static long n_tokens_input$offset() {
        return n_tokens_input$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int64_t n_tokens_input } */
    public static long n_tokens_input(MemorySegment struct) {
        return struct.get(n_tokens_input$LAYOUT, n_tokens_input$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int64_t n_tokens_input } */
    public static void n_tokens_input(MemorySegment struct, long fieldValue) {
        struct.set(n_tokens_input$LAYOUT, n_tokens_input$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong n_tokens_decoded$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_tokens_decoded"));
    private static final long n_tokens_decoded$OFFSET = 8;

    public static ValueLayout.OfLong n_tokens_decoded$layout() {
        return n_tokens_decoded$LAYOUT;
    }

    public static long n_tokens_decoded$offset() {
        return n_tokens_decoded$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int64_t n_tokens_decoded } */
    public static long n_tokens_decoded(MemorySegment struct) {
        return struct.get(n_tokens_decoded$LAYOUT, n_tokens_decoded$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int64_t n_tokens_decoded } */
    public static void n_tokens_decoded(MemorySegment struct, long fieldValue) {
        struct.set(n_tokens_decoded$LAYOUT, n_tokens_decoded$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_decodes$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_decodes"));
    private static final long n_decodes$OFFSET = 16;

    public static ValueLayout.OfInt n_decodes$layout() {
        return n_decodes$LAYOUT;
    }

    public static long n_decodes$offset() {
        return n_decodes$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_decodes } */
    public static int n_decodes(MemorySegment struct) {
        return struct.get(n_decodes$LAYOUT, n_decodes$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_decodes } */
    public static void n_decodes(MemorySegment struct, int fieldValue) {
        struct.set(n_decodes$LAYOUT, n_decodes$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt n_failed$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("n_failed"));
    private static final long n_failed$OFFSET = 20;

    public static ValueLayout.OfInt n_failed$layout() {
        return n_failed$LAYOUT;
    }

    public static long n_failed$offset() {
        return n_failed$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t n_failed } */
    public static int n_failed(MemorySegment struct) {
        return struct.get(n_failed$LAYOUT, n_failed$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t n_failed } */
    public static void n_failed(MemorySegment struct, int fieldValue) {
        struct.set(n_failed$LAYOUT, n_failed$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfDouble seconds_decode$LAYOUT = (ValueLayout.OfDouble) $LAYOUT.select(MemoryLayout.PathElement.groupElement("seconds_decode"));
    private static final long seconds_decode$OFFSET = 24;

    public static ValueLayout.OfDouble seconds_decode$layout() {
        return seconds_decode$LAYOUT;
    }

    public static long seconds_decode$offset() {
        return seconds_decode$OFFSET;
    }

    /** Getter for field {@snippet lang=c : double seconds_decode } */
    public static double seconds_decode(MemorySegment struct) {
        return struct.get(seconds_decode$LAYOUT, seconds_decode$OFFSET);
    }

    /** Setter for field {@snippet lang=c : double seconds_decode } */
    public static void seconds_decode(MemorySegment struct, double fieldValue) {
        struct.set(seconds_decode$LAYOUT, seconds_decode$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfDouble seconds_total$LAYOUT = (ValueLayout.OfDouble) $LAYOUT.select(MemoryLayout.PathElement.groupElement("seconds_total"));
    private static final long seconds_total$OFFSET = 32;

    public static ValueLayout.OfDouble seconds_total$layout() {
        return seconds_total$LAYOUT;
    }

    public static long seconds_total$offset() {
        return seconds_total$OFFSET;
    }

    /** Getter for field {@snippet lang=c : double seconds_total } */
    public static double seconds_total(MemorySegment struct) {
        return struct.get(seconds_total$LAYOUT, seconds_total$OFFSET);
    }

    /** Setter for field {@snippet lang=c : double seconds_total } */
    public static void seconds_total(MemorySegment struct, double fieldValue) {
        struct.set(seconds_total$LAYOUT, seconds_total$OFFSET, fieldValue);
    }

}
