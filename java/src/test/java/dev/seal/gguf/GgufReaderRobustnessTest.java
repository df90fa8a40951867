package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files: each must end in a {@link GgufFormatException} whose message names the field and the
 * problem, quickly and without allocating what the file merely claims.
 */
class GgufReaderRobustnessTest {
    @TempDir
    Path dir;

    private GgufFormatException fails(Bytes b, String name) throws IOException {
        Path p = b.writeTo(dir.resolve(name));
        GgufFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(GgufFormatException.class, () -> GgufFile.read(p)));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "message names the file: " + e.getMessage());
        return e;
    }

    private static void contains(GgufFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    /** A small valid file with strings, arrays and two tensors. */
    private Path validFile() throws IOException {
        return new GgufWriter()
                .putString("general.architecture", "llama")
                .putUInt32("llama.block_count", 2)
                .putStringArray("tokenizer.ggml.tokens", List.of("<s>", "</s>", "hello", "wörld"))
                .putFloat32Array("tokenizer.ggml.scores", new float[] {0, 0, -1, -2})
                .put("nested", GgufValue.arrayOfArrays(List.of(GgufValue.int32Array(new int[] {1, 2}))))
                .addTensor("token_embd.weight", new long[] {4, 4}, GgmlType.F32, new float[16])
                .addTensor("blk.0.attn_q.weight", new long[] {4, 4}, GgmlType.F16, new float[16])
                .write(dir.resolve("valid.gguf"));
    }

    @Test
    void everyTruncationIsAFormatError() throws IOException {
        byte[] full = Files.readAllBytes(validFile());
        GgufFile ok = GgufFile.read(dir.resolve("valid.gguf"));
        assertEquals(2, ok.tensors().size());
        Path cut = dir.resolve("cut.gguf");
        for (int len = 0; len < full.length; len++) {
            Files.write(cut, Arrays.copyOf(full, len));
            int n = len;
            GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(cut),
                    "truncated to " + n + " bytes");
            assertTrue(e.getMessage().contains("cut.gguf: "), e.getMessage());
        }
    }

    @Test
    void truncationInsideTensorDataNamesTheTensor() throws IOException {
        byte[] full = Files.readAllBytes(validFile());
        Path cut = dir.resolve("cut.gguf");
        Files.write(cut, Arrays.copyOf(full, full.length - 1));
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(cut));
        contains(e, "tensor 'blk.0.attn_q.weight'", "extends beyond the end of the file");
    }

    @Test
    void garbageHeaders() throws IOException {
        contains(fails(new Bytes(), "empty.gguf"), "0 bytes", "too short");
        contains(fails(new Bytes().raw('G', 'G', 'M', 'L').zeros(40), "ggml.gguf"), "bad magic 0x47474d4c",
                "not a GGUF file");
        contains(fails(new Bytes().raw('{', '"', 'a', '"').zeros(40), "json.gguf"), "bad magic");
        contains(fails(Bytes.gguf(1, 0, 0), "v1.gguf"), "version 1 is not supported");
        contains(fails(Bytes.gguf(0x03000000, 0, 0), "be.gguf"), "big-endian");
        contains(fails(Bytes.gguf(4, 0, 0), "v4.gguf"), "unsupported GGUF version 4");
        contains(fails(new Bytes().raw('G', 'G', 'U', 'F').u32(3).u64(0), "short.gguf"), "header", "truncated");
        // v2 has the same layout as v3 and reads fine
        assertEquals(2, GgufFile.read(Bytes.gguf(2, 0, 1).kvU32("a", 1).writeTo(dir.resolve("v2.gguf"))).version());
    }

    @Test
    void hugeCountsAndLengthsFailWithoutAllocating() throws IOException {
        contains(fails(Bytes.gguf(3, 0, Long.MAX_VALUE), "kvcount.gguf"), "key/value count 9223372036854775807",
                "cannot fit");
        contains(fails(Bytes.gguf(3, -1L, 0), "tcount.gguf"), "tensor count 18446744073709551615", "cannot fit");
        contains(fails(Bytes.gguf(3, 0, 1).u64(1L << 40).raw('k').zeros(16), "keylen.gguf"), "key #0",
                "string length 1099511627776 exceeds the 17 bytes left");
        contains(fails(Bytes.gguf(3, 0, 1).str("tokenizer.ggml.tokens").u32(GgufType.ARRAY.id())
                        .u32(GgufType.STRING.id()).u64(1L << 62).zeros(64), "strarr.gguf"),
                "key 'tokenizer.ggml.tokens'", "array of 4611686018427387904 STRING elements cannot fit");
        contains(fails(Bytes.gguf(3, 0, 1).str("scores").u32(GgufType.ARRAY.id())
                        .u32(GgufType.FLOAT32.id()).u64(-1L).zeros(64), "f32arr.gguf"),
                "key 'scores'", "18446744073709551615 FLOAT32 elements cannot fit");
        contains(fails(Bytes.gguf(3, 0, 1).str("tokens").u32(GgufType.ARRAY.id()).u32(GgufType.STRING.id())
                        .u64(2).str("ok").u64(1L << 50).zeros(16), "strelem.gguf"),
                "key 'tokens'", "element 1: string length 1125899906842624 exceeds");
        contains(fails(Bytes.gguf(3, 0, 1).str("name").u32(GgufType.STRING.id()).u64(100).raw('x', 'y'),
                "strval.gguf"), "key 'name'", "string length 100 exceeds the 2 bytes left");
    }

    @Test
    void metadataBudgetIsEnforced() throws IOException {
        Path p = new GgufWriter().putString("big", "x".repeat(5000)).write(dir.resolve("big.gguf"));
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(p, 1000));
        contains(e, "key 'big'", "limit of 1000 decoded bytes");
        assertEquals(5000, GgufFile.read(p).getString("big").length());

        // empty strings take 8 bytes in the file but far more on the heap: they are charged for that
        Bytes many = Bytes.gguf(3, 0, 1).str("tokens").u32(GgufType.ARRAY.id()).u32(GgufType.STRING.id())
                .u64(100_000);
        for (int i = 0; i < 100_000; i++) {
            many.u64(0);
        }
        Path m = many.writeTo(dir.resolve("empties.gguf"));
        contains(assertThrows(GgufFormatException.class, () -> GgufFile.read(m, 2_000_000)), "key 'tokens'",
                "limit of 2000000 decoded bytes");
        assertEquals(100_000, GgufFile.read(m).getStringList("tokens").size());
    }

    @Test
    void badKeysAndTypes() throws IOException {
        contains(fails(Bytes.gguf(3, 0, 1).str("k").u32(13).u32(0), "vtype.gguf"), "key 'k'",
                "unknown value type id 13");
        contains(fails(Bytes.gguf(3, 0, 1).str("k").u32(GgufType.ARRAY.id()).u32(77).u64(0), "etype.gguf"),
                "key 'k'", "unknown array element type id 77");
        contains(fails(Bytes.gguf(3, 0, 2).kvU32("dup", 1).kvU32("dup", 2), "dup.gguf"), "key 'dup'",
                "duplicate key");
        contains(fails(Bytes.gguf(3, 0, 1).kvU32("", 1), "emptykey.gguf"), "key #0", "key is empty");
        contains(fails(Bytes.gguf(3, 0, 1).str("general.alignment").u32(GgufType.INT32.id()).u32(64),
                "altype.gguf"), "key 'general.alignment'", "must be UINT32 but is INT32");
        contains(fails(Bytes.gguf(3, 0, 1).kvU32("general.alignment", 48), "al48.gguf"), "not a power of two");
        contains(fails(Bytes.gguf(3, 0, 1).kvU32("general.alignment", 0), "al0.gguf"), "not a power of two");

        Bytes deep = Bytes.gguf(3, 0, 1).str("deep").u32(GgufType.ARRAY.id());
        for (int i = 0; i < 100; i++) {
            deep.u32(GgufType.ARRAY.id()).u64(1);
        }
        deep.u32(GgufType.INT32.id()).u64(0).zeros(16);
        contains(fails(deep, "deep.gguf"), "key 'deep'", "nested more than");
    }

    @Test
    void badTensorInfos() throws IOException {
        long[] d44 = {4, 4};
        contains(fails(Bytes.gguf(3, 1, 0).tensor("blk.0.attn_q.weight", d44, 0, 0).pad(32).zeros(10),
                "short-data.gguf"), "tensor 'blk.0.attn_q.weight'", "data (offset 0, 64 bytes) extends beyond the"
                + " end of the file");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("blk.0.attn_q.weight", d44, 0, 1L << 40).pad(32).zeros(64),
                "far.gguf"), "tensor 'blk.0.attn_q.weight'", "offset 1099511627776", "extends beyond");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", d44, 0, -64).pad(32).zeros(64), "neg.gguf"),
                "tensor 't'", "offset 18446744073709551552 lies beyond the end of the file");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", d44, 99, 0).pad(32).zeros(64), "type99.gguf"),
                "tensor 't'", "unknown ggml type id 99");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", d44, 31, 0).pad(32).zeros(64), "type31.gguf"),
                "unknown ggml type id 31", "Q4_0_4_4");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", new long[] {33}, GgmlType.Q8_0.id(), 0).pad(32).zeros(64),
                "block.gguf"), "tensor 't'", "33 is not a multiple of the Q8_0 block size 32");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", new long[] {1, 1, 1, 1, 1}, 0, 0).pad(32).zeros(64),
                "dims5.gguf"), "tensor 't'", "5 dimensions");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", new long[] {4, -1}, 0, 0).pad(32).zeros(64),
                "negdim.gguf"), "dimension 1 is negative");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", new long[] {1L << 40, 1L << 40}, 0, 0).pad(32).zeros(64),
                "overflow.gguf"), "overflows 64 bits");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("t", new long[] {4}, 0, 8).pad(32).zeros(64), "unaligned.gguf"),
                "tensor 't'", "offset 8 is not a multiple of the alignment 32");
        contains(fails(Bytes.gguf(3, 2, 0).tensor("t", new long[] {4}, 0, 0).tensor("t", new long[] {4}, 0, 32)
                .pad(32).zeros(64), "duptensor.gguf"), "tensor #1 't'", "duplicate tensor name (also tensor #0)");
        contains(fails(Bytes.gguf(3, 1, 0).tensor("n".repeat(64), new long[] {4}, 0, 0).pad(32).zeros(64),
                "longname.gguf"), "name is 64 bytes");
        // and the same tensor, well formed, reads
        GgufFile ok = GgufFile.read(Bytes.gguf(3, 1, 0).tensor("blk.0.attn_q.weight", d44, 0, 0).pad(32).zeros(64)
                .writeTo(dir.resolve("ok.gguf")));
        assertEquals(64, ok.tensors().get(0).nbytes());
        assertEquals(0, ok.dataOffset() % 32);
    }

    @Test
    void randomCorruptionOnlyEverRaisesFormatErrors() throws IOException {
        byte[] full = Files.readAllBytes(validFile());
        GgufFile ok = GgufFile.read(dir.resolve("valid.gguf"));
        int metaEnd = (int) ok.dataOffset(); // corrupt the parsed part, not tensor payloads nobody checks
        Random rnd = new Random(1234);
        Path p = dir.resolve("fuzz.gguf");
        int rejected = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] b = full.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int at = rnd.nextInt(metaEnd);
                b[at] = switch (rnd.nextInt(3)) {
                    case 0 -> (byte) rnd.nextInt(256);
                    case 1 -> (byte) 0xFF;
                    default -> (byte) (b[at] ^ (1 << rnd.nextInt(8)));
                };
            }
            Files.write(p, b);
            try {
                GgufFile.read(p);
            } catch (GgufFormatException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            } catch (RuntimeException | Error e) {
                fail("round " + round + ": " + e, e);
            }
        }
        assertTrue(rejected > 600, "most corruptions are detected: " + rejected);
        assertDoesNotThrow(() -> GgufFile.read(dir.resolve("valid.gguf")));
    }
}
