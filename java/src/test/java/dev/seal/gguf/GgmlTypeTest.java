package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GgmlTypeTest {
    @Test
    void idsAndSizesMatchGgml() {
        // spot checks against ggml.h ids and the block structs of ggml-common.h
        assertEquals(0, GgmlType.F32.id());
        assertEquals(1, GgmlType.F16.id());
        assertEquals(30, GgmlType.BF16.id());
        assertEquals(8, GgmlType.Q8_0.id());
        assertEquals(34, GgmlType.Q8_0.typeSize());
        assertEquals(36, GgmlType.Q8_1.typeSize()); // gguf-py's table says 40; the C struct is 36
        assertEquals(256, GgmlType.Q4_K.blockSize());
        assertEquals(144, GgmlType.Q4_K.typeSize());
        assertEquals(210, GgmlType.Q6_K.typeSize());
        assertEquals(136, GgmlType.IQ4_XS.typeSize());
        assertEquals(27, GgmlType.I64.id());
        assertEquals(8, GgmlType.I64.typeSize());
        assertEquals(17, GgmlType.MXFP4.typeSize());

        Set<Integer> ids = new HashSet<>();
        for (GgmlType t : GgmlType.values()) {
            assertTrue(ids.add(t.id()), "unique id " + t);
            assertEquals(t, GgmlType.byId(t.id()));
            assertTrue(t.typeSize() > 0 && t.blockSize() > 0);
        }
        assertEquals(35, ids.size());
    }

    @Test
    void bytesFor() {
        assertEquals(4 * 64, GgmlType.F32.bytesFor(64));
        assertEquals(2 * 34, GgmlType.Q8_0.bytesFor(64));
        assertEquals(-1, GgmlType.Q8_0.bytesFor(33));
        assertThrows(ArithmeticException.class, () -> GgmlType.F64.bytesFor(Long.MAX_VALUE));
    }

    @Test
    void unknownAndRemovedIdsAreNamed() {
        assertTrue(assertThrows(GgufFormatException.class, () -> GgmlType.byId(4)).getMessage()
                .contains("unknown ggml type id 4 (Q4_2/Q4_3"));
        assertTrue(assertThrows(GgufFormatException.class, () -> GgmlType.byId(37)).getMessage()
                .contains("IQ4_NL_4_8"));
        assertTrue(assertThrows(GgufFormatException.class, () -> GgmlType.byId(43)).getMessage()
                .contains("unknown ggml type id 43 (newer than"));
        assertTrue(assertThrows(GgufFormatException.class, () -> GgmlType.byId(-1)).getMessage()
                .contains("unknown ggml type id -1"));
        assertTrue(assertThrows(GgufFormatException.class, () -> GgufType.byId(13)).getMessage()
                .contains("unknown GGUF value type id 13"));
    }
}
