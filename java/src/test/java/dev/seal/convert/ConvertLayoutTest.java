package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.gguf.GgmlType;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.GgufType;
import dev.seal.gguf.TensorInfo;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the converted GGUF holds: llama.cpp's keys with their exact types, tensor names, types, dims and data. */
class ConvertLayoutTest {
    @TempDir
    Path dir;

    @Test
    void llamaLayoutKeysAndPermutedRows() throws Exception {
        TinyHf.Spec spec = TinyHf.Spec.llama();
        Path hf = TinyHf.write(dir.resolve("llama"), spec);
        Path out = dir.resolve("l.gguf");
        Converter.convert(hf, out, Converter.Options.of("f16"));
        GgufFile g = GgufFile.read(out);
        assertEquals("llama", g.architecture());
        assertEquals(GgufType.UINT32, g.value("llama.embedding_length").type());
        assertEquals(64, g.getInt("llama.embedding_length"));
        assertEquals(2, g.getInt("llama.block_count"));
        assertEquals(4, g.getInt("llama.attention.head_count"));
        assertEquals(2, g.getInt("llama.attention.head_count_kv"));
        assertEquals(16, g.getInt("llama.rope.dimension_count"));
        assertEquals(1e-6f, g.getFloat("llama.attention.layer_norm_rms_epsilon"));
        assertEquals(1, g.getInt("general.file_type"));
        assertEquals("gpt2", g.getString("tokenizer.ggml.model"));
        assertEquals("llama-bpe", g.getString("tokenizer.ggml.pre"));
        assertTrue(g.getBoolean("tokenizer.ggml.add_bos_token"));
        assertEquals(List.of("LABEL_0"), g.getStringList(HeadAttacher.KEY_LABELS));
        assertEquals(64, g.getFloatArray(HeadAttacher.KEY_WEIGHT).length);
        assertFalse(g.tensor("output.weight").isPresent(), "no LM head: seal never computes it");
        assertEquals(GgmlType.F16, g.tensor("token_embd.weight").orElseThrow().type());
        assertEquals(GgmlType.F32, g.tensor("blk.1.ffn_norm.weight").orElseThrow().type());
        TensorInfo q = g.tensor("blk.0.attn_q.weight").orElseThrow();
        assertArrayEquals(new long[] {64, 64}, q.dims());
        assertArrayEquals(new long[] {64, 32}, g.tensor("blk.0.attn_k.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {128, 64}, g.tensor("blk.0.ffn_down.weight").orElseThrow().dims());
        // 2 per-model + 9 per layer + rope_freqs
        assertEquals(2 + 2 * 9 + 1, g.tensors().size());

        // q rows: GGUF row r is HF row permutedRow(r), per head of 16: 0,8,1,9,...,7,15
        float[] gq = g.readTensorFloats(q);
        try (Checkpoint ck = Checkpoint.open(hf)) {
            HfTensor hq = ck.require("model.layers.0.self_attn.q_proj.weight");
            float[] row = new float[64];
            for (int r = 0; r < 64; r++) {
                hq.readRow(ModelLayout.permutedRow(r, 64, 4), row);
                for (int i = 0; i < 64; i++) {
                    assertEquals(Float.float16ToFloat(Float.floatToFloat16(row[i])), gq[r * 64 + i], "q row " + r);
                }
            }
            // llama3 RoPE: llama.cpp divides theta_i by rope_freqs[i]; that must be HF's scaled inv_freq
            float[] factors = g.readTensorFloats(g.tensor("rope_freqs.weight").orElseThrow());
            double[] hfInvFreq = ReferenceModel.of(HfConfig.read(hf), ck).inverseFrequencies();
            for (int i = 0; i < 8; i++) {
                double base = 1.0 / Math.pow(10000, (2.0 * i) / 16);
                assertEquals(hfInvFreq[i], base / factors[i], 1e-6 * base, "frequency " + i);
            }
            Set<String> kinds = new HashSet<>();
            for (float f : factors) {
                kinds.add(f == 1f ? "1" : f == 8f ? "factor" : "smoothed");
            }
            assertEquals(Set.of("1", "factor", "smoothed"), kinds, "the test model exercises all three llama3 bands");
        }
        for (int r = 0; r < 16; r++) {
            assertEquals(r < 8 ? r * 2 : (r - 8) * 2 + 1, permutedIndexOf(r));
        }
    }

    private static int permutedIndexOf(int hfRow) {
        for (int r = 0; r < 16; r++) {
            if (ModelLayout.permutedRow(r, 16, 1) == hfRow) {
                return r;
            }
        }
        throw new AssertionError();
    }

    @Test
    void qwen3KeysAndBf16BitsArePreserved() throws Exception {
        Path hf = TinyHf.write(dir.resolve("qwen3"), TinyHf.Spec.qwen3().withDtype("BF16"));
        Path out = dir.resolve("q.gguf");
        Converter.convert(hf, out, Converter.Options.of("bf16"));
        GgufFile g = GgufFile.read(out);
        assertEquals("qwen3", g.architecture());
        assertEquals(32, g.getInt("qwen3.attention.key_length"));
        assertEquals(32, g.getInt("qwen3.attention.value_length"));
        assertEquals(32, g.getInt("qwen3.rope.dimension_count"));
        assertArrayEquals(new long[] {64, 128}, g.tensor("blk.0.attn_q.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {128, 64}, g.tensor("blk.0.attn_output.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {32}, g.tensor("blk.0.attn_q_norm.weight").orElseThrow().dims());
        assertEquals(32, g.getInt("general.file_type"));
        assertEquals("qwen2", g.getString("tokenizer.ggml.pre"));
        assertFalse(g.getBoolean("tokenizer.ggml.add_bos_token"));
        // bf16 in, bf16 out: the bytes are copied, not re-rounded
        TensorInfo t = g.tensor("blk.1.mlp.gate_proj.weight".replace("mlp.gate_proj", "ffn_gate")).orElseThrow();
        try (Checkpoint ck = Checkpoint.open(hf)) {
            HfTensor src = ck.require("model.layers.1.mlp.gate_proj.weight");
            assertArrayEquals(src.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), g.readTensorBytes(t));
        }
    }

    @Test
    void quantizedTypesGoThroughLlamaCpp() throws Exception {
        dev.seal.engine.NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("qwen2"), TinyHf.Spec.qwen2().withDtype("BF16"));
        for (String type : List.of("q8_0", "q4_k_m")) {
            Path out = dir.resolve("q-" + type + ".gguf");
            Converter.convert(hf, out, new Converter.Options(type, 2, "tiny", null));
            GgufFile g = GgufFile.read(out);
            System.out.println("seal-test: " + type + ": blk.0.ffn_down " + g.tensor("blk.0.ffn_down.weight").orElseThrow()
                    .type() + ", token_embd " + g.tensor("token_embd.weight").orElseThrow().type() + ", "
                    + g.fileSize() / 1024 + " KiB");
            assertEquals("tiny", g.getString("general.name"));
            assertEquals(2, g.getFloatArray(HeadAttacher.KEY_BIAS).length, "the quantizer keeps the head");
        }
        assertEquals(GgmlType.Q8_0, GgufFile.read(dir.resolve("q-q8_0.gguf")).tensor("blk.0.ffn_up.weight").orElseThrow().type());
    }
}
