package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer → reader round trips of every value type and of F32/F16/BF16 tensors, and the writer's file layout. */
class GgufRoundTripTest {
    @TempDir
    Path dir;

    /** One value of every type, scalars and arrays, with edge values. */
    static Map<String, GgufValue> everyType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("s.uint8", GgufValue.uint8(255));
        m.put("s.int8", GgufValue.int8(-128));
        m.put("s.uint16", GgufValue.uint16(65535));
        m.put("s.int16", GgufValue.int16(-32768));
        m.put("s.uint32", GgufValue.uint32(0xFFFF_FFFFL));
        m.put("s.int32", GgufValue.int32(Integer.MIN_VALUE));
        m.put("s.float32", GgufValue.float32(-1.5e-7f));
        m.put("s.bool.true", GgufValue.bool(true));
        m.put("s.bool.false", GgufValue.bool(false));
        m.put("s.string", GgufValue.string("héllo ✓ 🦭 \u0000 nul"));
        m.put("s.string.empty", GgufValue.string(""));
        m.put("s.uint64", GgufValue.uint64(-1L)); // 2^64-1
        m.put("s.int64", GgufValue.int64(Long.MIN_VALUE));
        m.put("s.float64", GgufValue.float64(Math.PI));
        m.put("a.uint8", GgufValue.uint8Array(new byte[] {0, 1, (byte) 255}));
        m.put("a.int8", GgufValue.int8Array(new byte[] {-128, 0, 127}));
        m.put("a.uint16", GgufValue.uint16Array(new short[] {0, (short) 65535}));
        m.put("a.int16", GgufValue.int16Array(new short[] {Short.MIN_VALUE, 7}));
        m.put("a.uint32", GgufValue.uint32Array(new int[] {0, -1}));
        m.put("a.int32", GgufValue.int32Array(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}));
        m.put("a.float32", GgufValue.float32Array(new float[] {1f, -0f, Float.NaN, Float.POSITIVE_INFINITY, 1e-45f}));
        m.put("a.bool", GgufValue.boolArray(new boolean[] {true, false, true}));
        m.put("a.string", GgufValue.stringArray(List.of("a", "", "ünï", "<0x0A>")));
        m.put("a.uint64", GgufValue.uint64Array(new long[] {0, -1L}));
        m.put("a.int64", GgufValue.int64Array(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
        m.put("a.float64", GgufValue.float64Array(new double[] {Double.MIN_VALUE, -2.5}));
        m.put("a.empty", GgufValue.float32Array(new float[0]));
        m.put("a.nested", GgufValue.arrayOfArrays(List.of(
                GgufValue.int32Array(new int[] {1, 2, 3}),
                GgufValue.stringArray(List.of("x", "y")),
                GgufValue.arrayOfArrays(List.of(GgufValue.float64Array(new double[] {0.25}))),
                GgufValue.boolArray(new boolean[0]))));
        return m;
    }

    @Test
    void everyValueTypeRoundTripsWithItsTypeAndOrder() throws IOException {
        GgufWriter w = new GgufWriter();
        everyType().forEach(w::put);
        Path p = dir.resolve("kv.gguf");
        w.write(p);

        GgufFile f = GgufFile.read(p);
        assertEquals(3, f.version());
        assertEquals(new ArrayList<>(everyType().keySet()), new ArrayList<>(f.metadata().keySet()), "key order");
        for (Map.Entry<String, GgufValue> e : everyType().entrySet()) {
            GgufValue got = f.value(e.getKey());
            assertEquals(e.getValue(), got, e.getKey());
            assertEquals(e.getValue().typeName(), got.typeName(), e.getKey());
        }
        assertTrue(f.tensors().isEmpty());
        // no tensors: the data section is not padded, it starts (and the file ends) right after the KVs
        assertEquals(Files.size(p), f.dataOffset());
    }

    @Test
    void javaRepresentationsAndTypedGettersFollowTheDocumentedTable() throws IOException {
        GgufWriter w = new GgufWriter();
        everyType().forEach(w::put);
        Path p = w.write(dir.resolve("kv.gguf"));
        GgufFile f = GgufFile.read(p);

        assertEquals(255, f.value("s.uint8").value());
        assertEquals(-128, f.value("s.int8").value());
        assertEquals(65535, f.value("s.uint16").value());
        assertEquals(0xFFFF_FFFFL, f.value("s.uint32").value());
        assertEquals(Integer.MIN_VALUE, f.value("s.int32").value());
        assertEquals(-1L, f.value("s.uint64").value());
        assertEquals(0xFFFF_FFFFL, f.getLong("s.uint32"));
        assertEquals(-32768, f.getInt("s.int16"));
        assertEquals(-1.5e-7f, f.getFloat("s.float32"));
        assertEquals(Math.PI, f.getDouble("s.float64"));
        assertEquals(true, f.getBoolean("s.bool.true"));
        assertEquals("héllo ✓ 🦭 \u0000 nul", f.getString("s.string"));
        assertArrayEquals(new long[] {0, 255}, new long[] {f.getLongArray("a.uint8")[0], f.getLongArray("a.uint8")[2]});
        assertArrayEquals(new long[] {0, 0xFFFF_FFFFL}, f.getLongArray("a.uint32"));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, f.getIntArray("a.int32"));
        assertEquals(List.of("a", "", "ünï", "<0x0A>"), f.getStringList("a.string"));
        float[] fa = f.getFloatArray("a.float32");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(fa[1]), "negative zero kept");
        assertTrue(Float.isNaN(fa[2]));
        assertEquals(4, f.value("a.nested").asArrayList().size());
        assertEquals(List.of("x", "y"), f.value("a.nested").asArrayList().get(1).asStringList());

        // wrong type and missing keys: messages name the file and the key
        GgufFormatException wrong = assertThrows(GgufFormatException.class, () -> f.getString("s.uint32"));
        assertTrue(wrong.getMessage().contains("'s.uint32'") && wrong.getMessage().contains("UINT32"),
                wrong.getMessage());
        GgufFormatException missing = assertThrows(GgufFormatException.class, () -> f.getFloatArray("nope"));
        assertTrue(missing.getMessage().contains("'nope' is missing") && missing.getMessage().contains("kv.gguf"),
                missing.getMessage());
        assertThrows(GgufFormatException.class, () -> f.getInt("s.uint32"), "2^32-1 does not fit an int");
        assertThrows(GgufFormatException.class, () -> f.getIntArray("a.uint32"), "2^32-1 does not fit an int");
        assertTrue(f.optionalString("nope").isEmpty());
        assertThrows(GgufFormatException.class, () -> f.optionalString("s.int8"), "present with the wrong type");
    }

    @Test
    void valuesAreImmutable() throws IOException {
        float[] src = {1, 2, 3};
        GgufValue v = GgufValue.float32Array(src);
        src[0] = 99;
        float[] out = v.asFloatArray();
        out[1] = 99;
        assertArrayEquals(new float[] {1, 2, 3}, v.asFloatArray());

        Path p = new GgufWriter().put("k", v).write(dir.resolve("imm.gguf"));
        GgufFile f = GgufFile.read(p);
        assertThrows(UnsupportedOperationException.class, () -> f.metadata().put("x", v));
        float[] got = (float[]) f.value("k").value();
        got[0] = 42;
        assertArrayEquals(new float[] {1, 2, 3}, f.getFloatArray("k"));
    }

    @Test
    void f32F16AndBf16TensorsReadBackAsTheExpectedBytes() throws IOException {
        float[] data = new float[3 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i - 7) * 0.3337f;
        }
        float[] odd = {1f, 65504f, -0x1p-24f}; // exact in F16: one, the largest, the smallest subnormal
        GgufWriter w = new GgufWriter().putString("general.architecture", "test")
                .addTensor("a.f32", new long[] {5, 3}, GgmlType.F32, data)
                .addTensor("b.f16", new long[] {5, 3}, GgmlType.F16, data)
                .addTensor("c.bf16", new long[] {15}, GgmlType.BF16, data)
                .addTensor("d.f16", new long[] {3}, GgmlType.F16, odd);
        Path p = w.write(dir.resolve("t.gguf"));
        GgufFile f = GgufFile.read(p);

        TensorInfo a = f.tensor("a.f32").orElseThrow();
        assertArrayEquals(new long[] {5, 3}, a.dims());
        assertEquals(GgmlType.F32, a.type());
        assertEquals(60, a.nbytes());
        ByteBuffer ab = ByteBuffer.wrap(f.readTensorBytes(a)).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : data) {
            assertEquals(Float.floatToRawIntBits(x), ab.getInt());
        }

        TensorInfo b = f.tensor("b.f16").orElseThrow();
        assertEquals(30, b.nbytes());
        ByteBuffer bb = ByteBuffer.wrap(f.readTensorBytes(b)).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : data) {
            assertEquals(Float.floatToFloat16(x), bb.getShort());
        }
        float[] back = f.readTensorFloats(b);
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], back[i], Math.abs(data[i]) * 1e-3 + 1e-7, "f16 element " + i);
        }

        TensorInfo c = f.tensor("c.bf16").orElseThrow();
        float[] cb = f.readTensorFloats(c);
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], cb[i], Math.abs(data[i]) * 8e-3, "bf16 element " + i);
        }
        // 1 + 2^-8 is exactly halfway between two bf16 values: round to nearest even gives 1.0
        assertEquals((short) 0x3F80, GgufWriter.toBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3F81, GgufWriter.toBf16(1f + 0x1p-8f + 0x1p-20f));

        assertArrayEquals(odd, f.readTensorFloats(f.tensor("d.f16").orElseThrow()), 1e-9f);
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter()
                .addTensor("big", new long[] {1}, GgmlType.F16, new float[] {70000f}), "overflows F16");
    }

    @Test
    void layoutIsAlignedAndContiguousAsLlamaCppRequires() throws IOException {
        for (int alignment : new int[] {32, 64, 1}) {
            GgufWriter w = new GgufWriter().alignment(alignment).putString("k", "v");
            for (int i = 0; i < 5; i++) {
                w.addTensor("t" + i, new long[] {i + 1}, i % 2 == 0 ? GgmlType.F32 : GgmlType.F16, new float[i + 1]);
            }
            Path p = w.write(dir.resolve("al" + alignment + ".gguf"));
            GgufFile f = GgufFile.read(p);
            assertEquals(alignment, f.alignment());
            assertEquals(alignment != 32, f.contains(GgufFile.KEY_ALIGNMENT), "alignment key only when not default");
            assertEquals(0, f.dataOffset() % alignment);
            long expected = 0;
            for (TensorInfo t : f.tensors()) {
                assertEquals(expected, t.offset(), t.name()); // ggml: offset == running padded size
                expected = (t.offset() + t.nbytes() + alignment - 1) / alignment * alignment;
            }
            assertEquals(f.dataOffset() + expected, Files.size(p), "file ends after the last padded tensor");
        }
    }

    @Test
    void headerBytesFollowTheSpec() throws IOException {
        Path p = new GgufWriter().putUInt32("a", 7).write(dir.resolve("h.gguf"));
        byte[] expected = Bytes.gguf(3, 0, 1).kvU32("a", 7).bytes();
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void copyFromKeepsTypesAndPutReplacesInPlace() throws IOException {
        GgufWriter src = new GgufWriter();
        everyType().forEach(src::put);
        GgufFile s = GgufFile.read(src.write(dir.resolve("src.gguf")));

        GgufWriter w = new GgufWriter().putString("first", "1")
                .copyFrom(s, k -> k.startsWith("a."))
                .putString("first", "replaced");
        GgufFile f = GgufFile.read(w.write(dir.resolve("dst.gguf")));
        List<String> keys = new ArrayList<>(f.metadata().keySet());
        assertEquals("first", keys.get(0));
        assertEquals("replaced", f.getString("first"));
        assertEquals(everyType().keySet().stream().filter(k -> k.startsWith("a.")).toList(), keys.subList(1, keys.size()));
        assertEquals(s.value("a.uint32"), f.value("a.uint32"));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("m.gguf");
        Files.writeString(p, "old contents");
        new GgufWriter().putString("k", "new").write(p);
        assertEquals("new", GgufFile.read(p).getString("k"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList(), "only the target remains");
        }

        // a failing rename (the target is a non-empty directory) must leave neither a temp file nor damage
        Path blocked = Files.createDirectory(dir.resolve("blocked.gguf"));
        Files.writeString(blocked.resolve("keep"), "x");
        assertThrows(IOException.class, () -> new GgufWriter().putString("k", "v").write(blocked));
        assertTrue(Files.isRegularFile(blocked.resolve("keep")));
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(x -> x.getFileName().toString().endsWith(".tmp")), "temp file removed");
        }
    }

    @Test
    void writerRejectsWhatLlamaCppWouldRefuse() {
        GgufWriter w = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> w.put("", GgufValue.bool(true)));
        assertThrows(IllegalArgumentException.class, () -> w.put(GgufFile.KEY_ALIGNMENT, GgufValue.int32(32)));
        assertThrows(IllegalArgumentException.class, () -> w.alignment(48));
        assertThrows(IllegalArgumentException.class,
                () -> w.addTensor("x".repeat(64), new long[] {1}, GgmlType.F32, new float[1]), "name too long");
        assertThrows(IllegalArgumentException.class,
                () -> w.addTensor("x", new long[] {2, 2}, GgmlType.F32, new float[3]), "dims/data mismatch");
        assertThrows(IllegalArgumentException.class,
                () -> w.addTensor("x", new long[] {32}, GgmlType.Q8_0, new float[32]), "floats only as F32/F16/BF16");
        assertThrows(IllegalArgumentException.class,
                () -> w.addRawTensor("q", new long[] {32}, GgmlType.Q8_0, new byte[33]), "Q8_0 block is 34 bytes");
        w.addRawTensor("q", new long[] {32, 2}, GgmlType.Q8_0, new byte[68]);
        assertThrows(IllegalArgumentException.class,
                () -> w.addTensor("q", new long[] {1}, GgmlType.F32, new float[1]), "duplicate name");
        assertThrows(IllegalArgumentException.class, () -> GgufValue.uint8(256));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.uint32(-1));
        assertThrows(IllegalArgumentException.class,
                () -> GgufValue.arrayOfArrays(List.of(GgufValue.int32(1))), "nested elements must be arrays");
    }

    @Test
    void rawQuantizedTensorsRoundTrip() throws IOException {
        byte[] q = new byte[2 * 34];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (i * 7);
        }
        Path p = new GgufWriter().addRawTensor("q", new long[] {64}, GgmlType.Q8_0, q)
                .write(dir.resolve("q.gguf"));
        GgufFile f = GgufFile.read(p);
        TensorInfo t = f.tensors().get(0);
        assertEquals(GgmlType.Q8_0, t.type());
        assertEquals(68, t.nbytes());
        assertArrayEquals(q, f.readTensorBytes(t));
    }
}
