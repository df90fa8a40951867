// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;

/**
 * {@snippet lang=c :
 * struct seal_device_info {
 *     char name[64];
 *     char description[128];
 *     int32_t type;
 *     uint64_t memory_free;
 *     uint64_t memory_total;
 * }
 * }
 * (216 bytes, aligned to 8)
 */
public final class seal_device_info {
    private seal_device_info() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(64, seal_h.C_CHAR).withName("name"),
        MemoryLayout.sequenceLayout(128, seal_h.C_CHAR).withName("description"),
        seal_h.C_INT.withName("type"),
        MemoryLayout.paddingLayout(4),
        seal_h.C_LONG.withName("memory_free"),
        seal_h.C_LONG.withName("memory_total")
    ).withName("seal_device_info");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    private static final SequenceLayout name$LAYOUT = (SequenceLayout) $LAYOUT.select(MemoryLayout.PathElement.groupElement("name"));
    private static final long name$OFFSET = 0;

    public static SequenceLayout name$layout() {
        return name$LAYOUT;
    }

    public static long name$offset() {
        return name$OFFSET;
    }

    /** Getter for field {@snippet lang=c : char name[64] } */
    public static MemorySegment name(MemorySegment struct) {
        return struct.asSlice(name$OFFSET, name$LAYOUT.byteSize());
    }

    /** Setter for field {@snippet lang=c : char name[64] } */
    public static void name(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, name$OFFSET, name$LAYOUT.byteSize());
    }

    private static final SequenceLayout description$LAYOUT = (SequenceLayout) $LAYOUT.select(MemoryLayout.PathElement.groupElement("description"));
    private static final long description$OFFSET = 64;

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

    private static final ValueLayout.OfInt type$LAYOUT = (ValueLayout.OfInt) $LAYOUT.select(MemoryLayout.PathElement.groupElement("type"));
    private static final long type$OFFSET = 192;

    public static ValueLayout.OfInt type$layout() {
        return type$LAYOUT;
    }

    public static long type$offset() {
        return type$OFFSET;
    }

    /** Getter for field {@snippet lang=c : int32_t type } */
    public static int type(MemorySegment struct) {
        return struct.get(type$LAYOUT, type$OFFSET);
    }

    /** Setter for field {@snippet lang=c : int32_t type } */
    public static void type(MemorySegment struct, int fieldValue) {
        struct.set(type$LAYOUT, type$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong memory_free$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("memory_free"));
    private static final long memory_free$OFFSET = 200;

    public static ValueLayout.OfLong memory_free$layout() {
        return memory_free$LAYOUT;
    }

    public static long memory_free$offset() {
        return memory_free$OFFSET;
    }

    /** Getter for field {@snippet lang=c : uint64_t memory_free } */
    public static long memory_free(MemorySegment struct) {
        return struct.get(memory_free$LAYOUT, memory_free$OFFSET);
    }

    /** Setter for field {@snippet lang=c : uint64_t memory_free } */
    public static void memory_free(MemorySegment struct, long fieldValue) {
        struct.set(memory_free$LAYOUT, memory_free$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong memory_total$LAYOUT = (ValueLayout.OfLong) $LAYOUT.select(MemoryLayout.PathElement.groupElement("memory_total"));
    private static final long memory_total$OFFSET = 208;

    public static ValueLayout.OfLong memory_total$layout() {
        return memory_total$LAYOUT;
    }

    public static long memory_total$offset() {
        return memory_total$OFFSET;
    }

    /** Getter for field {@snippet lang=c : uint64_t memory_total } */
    public static long memory_total(MemorySegment struct) {
        return struct.get(memory_total$LAYOUT, memory_total$OFFSET);
    }

    /** Setter for field {@snippet lang=c : uint64_t memory_total } */
    public static void memory_total(MemorySegment struct, long fieldValue) {
        struct.set(memory_total$LAYOUT, memory_total$OFFSET, fieldValue);
    }

}
