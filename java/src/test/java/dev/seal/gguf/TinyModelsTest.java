package dev.seal.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny models carry exactly the keys and tensors (names, ne-order shapes, types) that llama.cpp v0.4.0's llama
 * and bert loaders ask for (src/models/llama.cpp, src/models/bert.cpp, llama-model.cpp load_hparams), with the
 * types its strict key getters demand. The expected layouts are written out here, not derived from the code.
 */
class TinyModelsTest {
    @TempDir
    Path dir;

    private static final int E = 64, L = 2, H = 4, HKV = 2, FF = 128, HD = 16;

    /** Expected llama tensors: name → {ne0, ne1...}. */
    private static Map<String, long[]> llamaTensors(int nVocab) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("token_embd.weight", new long[] {E, nVocab});
        m.put("output_norm.weight", new long[] {E});
        for (int i = 0; i < L; i++) {
            m.put("blk." + i + ".attn_norm.weight", new long[] {E});
            m.put("blk." + i + ".attn_q.weight", new long[] {E, H * HD});
            m.put("blk." + i + ".attn_k.weight", new long[] {E, HKV * HD});
            m.put("blk." + i + ".attn_v.weight", new long[] {E, HKV * HD});
            m.put("blk." + i + ".attn_output.weight", new long[] {H * HD, E});
            m.put("blk." + i + ".ffn_norm.weight", new long[] {E});
            m.put("blk." + i + ".ffn_gate.weight", new long[] {E, FF});
            m.put("blk." + i + ".ffn_up.weight", new long[] {E, FF});
            m.put("blk." + i + ".ffn_down.weight", new long[] {FF, E});
        }
        return m;
    }

    private static void assertTensors(Map<String, long[]> expected, GgufFile f) {
        assertEquals(expected.keySet(), Map.copyOf(toMap(f)).keySet(), "tensor names");
        for (TensorInfo t : f.tensors()) {
            assertArrayEquals(expected.get(t.name()), t.dims(), t.name());
        }
        // llama.cpp requires offsets to be the running padded size, in table order
        long next = 0;
        for (TensorInfo t : f.tensors()) {
            assertEquals(next, t.offset(), t.name());
            next = (t.offset() + t.nbytes() + f.alignment() - 1) / f.alignment() * f.alignment();
        }
    }

    private static Map<String, TensorInfo> toMap(GgufFile f) {
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        f.tensors().forEach(t -> m.put(t.name(), t));
        return m;
    }

    private static void assertKey(GgufFile f, String key, GgufType type, Object value) {
        assertTrue(f.contains(key), "missing " + key);
        assertEquals(type, f.value(key).type(), key);
        assertEquals(value, f.value(key).value(), key);
    }

    @Test
    void llamaRewardModelHasTheKeysAndTensorsLlamaCppLoads() throws IOException {
        Path vocab = VocabFilesTest.vocab("llama-spm");
        Path p = DemoModel.write(dir.resolve("llama.gguf"), DemoModel.Spec.defaults(vocab));
        GgufFile f = GgufFile.read(p);
        GgufFile v = GgufFile.read(vocab);

        assertKey(f, "general.architecture", GgufType.STRING, "llama");
        assertKey(f, "general.name", GgufType.STRING, "seal-tiny-llama");
        assertKey(f, "general.file_type", GgufType.UINT32, 0L);
        assertKey(f, "llama.vocab_size", GgufType.UINT32, 32000L);
        assertKey(f, "llama.context_length", GgufType.UINT32, 2048L);
        assertKey(f, "llama.embedding_length", GgufType.UINT32, (long) E);
        assertKey(f, "llama.block_count", GgufType.UINT32, (long) L);
        assertKey(f, "llama.feed_forward_length", GgufType.UINT32, (long) FF);
        assertKey(f, "llama.attention.head_count", GgufType.UINT32, (long) H);
        assertKey(f, "llama.attention.head_count_kv", GgufType.UINT32, (long) HKV);
        assertKey(f, "llama.attention.layer_norm_rms_epsilon", GgufType.FLOAT32, 1e-5f);
        assertKey(f, "llama.rope.freq_base", GgufType.FLOAT32, 10000f);
        assertKey(f, "llama.rope.dimension_count", GgufType.UINT32, (long) HD);
        assertFalse(f.contains("llama.attention.causal"));
        assertFalse(f.contains("tokenizer.chat_template"));

        // every tokenizer key of the vocab, with identical type and value
        v.metadata().forEach((k, val) -> {
            if (k.startsWith("tokenizer.")) {
                assertEquals(val, f.value(k), k);
            }
        });
        assertEquals("llama", f.getString("tokenizer.ggml.model"));

        float[] w = f.getFloatArray(RewardHeadKeys.WEIGHT);
        assertEquals(1 * E, w.length, "n_labels x n_embd");
        assertEquals(1, f.getFloatArray(RewardHeadKeys.BIAS).length);
        assertEquals(List.of("reward"), f.getStringList(RewardHeadKeys.LABELS));

        assertTensors(llamaTensors(32000), f);
        assertEquals(GgmlType.F32, f.tensor("blk.1.ffn_down.weight").orElseThrow().type());
        assertFalse(f.tensor("output.weight").isPresent(), "tied: llama.cpp reuses token_embd");
    }

    @Test
    void weightsAreScaledForOrderOneActivations() throws IOException {
        Path p = DemoModel.write(dir.resolve("m.gguf"),
                DemoModel.Spec.defaults(VocabFilesTest.vocab("llama-spm")));
        GgufFile f = GgufFile.read(p);
        for (float x : f.readTensorFloats(f.tensor("blk.0.attn_norm.weight").orElseThrow())) {
            assertEquals(1f, x);
        }
        assertStd(f.readTensorFloats(f.tensor("blk.0.ffn_down.weight").orElseThrow()), 1 / Math.sqrt(FF));
        assertStd(f.readTensorFloats(f.tensor("blk.0.attn_q.weight").orElseThrow()), 1 / Math.sqrt(E));
        assertStd(f.getFloatArray(RewardHeadKeys.WEIGHT), 1 / Math.sqrt(E));
        float[] emb = f.readTensorFloats(f.tensor("token_embd.weight").orElseThrow());
        assertStd(emb, 1.0);
    }

    private static void assertStd(float[] x, double expected) {
        double s = 0, s2 = 0;
        for (float v : x) {
            s += v;
            s2 += (double) v * v;
        }
        double mean = s / x.length, std = Math.sqrt(s2 / x.length - mean * mean);
        double tol = 4 * expected / Math.sqrt(x.length) + 0.1 * expected;
        assertEquals(0, mean, tol, "mean");
        assertEquals(expected, std, tol, "std");
    }

    @Test
    void llamaOptionsEmbedArchF16LabelsTemplateAndNoHead() throws IOException {
        Path vocab = VocabFilesTest.vocab("llama-spm");
        DemoModel.Spec spec = DemoModel.Spec.defaults(vocab).withArch("llama-embed")
                .withTensorType(GgmlType.F16).withLabels(List.of("helpful", "harmless", "honest"))
                .withChatTemplate("{% for m in messages %}{{ m.content }}{% endfor %}");
        GgufFile f = GgufFile.read(DemoModel.write(dir.resolve("e.gguf"), spec));
        assertKey(f, "general.architecture", GgufType.STRING, "llama-embed");
        assertKey(f, "llama-embed.attention.causal", GgufType.BOOL, true);
        assertKey(f, "llama-embed.embedding_length", GgufType.UINT32, (long) E);
        assertKey(f, "general.file_type", GgufType.UINT32, 1L);
        assertKey(f, "tokenizer.chat_template", GgufType.STRING, spec.chatTemplate());
        assertFalse(f.contains("llama.embedding_length"));
        assertEquals(3 * E, f.getFloatArray(RewardHeadKeys.WEIGHT).length);
        assertEquals(3, f.getFloatArray(RewardHeadKeys.BIAS).length);
        assertEquals(List.of("helpful", "harmless", "honest"), f.getStringList(RewardHeadKeys.LABELS));
        assertTensors(llamaTensors(32000), f);
        for (TensorInfo t : f.tensors()) {
            assertEquals(t.nDims() == 1 ? GgmlType.F32 : GgmlType.F16, t.type(), t.name() + ": 2-D F16, norms F32");
        }

        GgufFile noHead = GgufFile.read(DemoModel.write(dir.resolve("nohead.gguf"),
                DemoModel.Spec.defaults(vocab).withIncludeHead(false)));
        assertTrue(noHead.metadata().keySet().stream().noneMatch(k -> k.startsWith("seal.")));
        assertTensors(llamaTensors(32000), noHead);
    }

    @Test
    void vocabDecidesNVocabAndTheVocabsTemplateIsNotCopied() throws IOException {
        Path qwen = VocabFilesTest.vocab("qwen2");
        assertTrue(GgufFile.read(qwen).contains("tokenizer.chat_template"));
        DemoModel.Spec spec = DemoModel.Spec.defaults(qwen).withShape(32, 1, 2, 1, 64);
        GgufFile f = GgufFile.read(DemoModel.write(dir.resolve("q.gguf"), spec));
        assertFalse(f.contains("tokenizer.chat_template"), "the spec alone decides the template");
        assertEquals(151936, f.getLong("llama.vocab_size"));
        assertArrayEquals(new long[] {32, 151936}, f.tensor("token_embd.weight").orElseThrow().dims());
        assertArrayEquals(new long[] {32, 16}, f.tensor("blk.0.attn_k.weight").orElseThrow().dims());
        assertFalse(f.tensor("blk.1.attn_q.weight").isPresent());
    }

    @Test
    void sameSpecSameBytesOtherSeedOtherWeights() throws IOException {
        DemoModel.Spec spec = DemoModel.Spec.defaults(VocabFilesTest.vocab("llama-spm"));
        Path a = DemoModel.write(dir.resolve("a.gguf"), spec);
        Path b = DemoModel.write(dir.resolve("b.gguf"), spec);
        Path c = DemoModel.write(dir.resolve("c.gguf"), spec.withSeed(43));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        GgufFile fa = GgufFile.read(a), fc = GgufFile.read(c);
        assertNotEquals(fa.value(RewardHeadKeys.WEIGHT), fc.value(RewardHeadKeys.WEIGHT));
        // pinned (computed by an independent Python SplitMix64 + Box-Muller): the generator is ours, so models do
        // not change with the JDK
        assertArrayEquals(new float[] {-0.45534563f, 0.99038297f, -0.98624635f}, DemoModel.gaussian(42, "x", 3, 1));
        assertArrayEquals(DemoModel.gaussian(7, "t", 5, 1), DemoModel.gaussian(7, "t", 5, 1));
        assertNotEquals(DemoModel.gaussian(7, "t", 1, 1)[0], DemoModel.gaussian(7, "u", 1, 1)[0]);
    }

    @Test
    void specsRejectShapesLlamaCppWouldNot() {
        Path v = Path.of("unused.gguf");
        DemoModel.Spec d = DemoModel.Spec.defaults(v);
        assertThrows(IllegalArgumentException.class, () -> d.withShape(64, 2, 5, 5, 128), "64 % 5");
        assertThrows(IllegalArgumentException.class, () -> d.withShape(60, 2, 4, 2, 128), "head size 15 is odd");
        assertThrows(IllegalArgumentException.class, () -> d.withShape(64, 2, 4, 3, 128), "4 % 3");
        assertThrows(IllegalArgumentException.class, () -> d.withArch("qwen2"));
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withTensorType(GgmlType.Q8_0));
        assertEquals(List.of("label_0", "label_1"), d.withNLabels(2).labels());
        assertThrows(IllegalArgumentException.class, () -> TinyModels.BertSpec.defaults(v).withShape(64, 2, 3, 128));
    }

    @Test
    void bertClassifierHasTheTensorsOfRankPooling() throws IOException {
        Path vocab = VocabFilesTest.vocab("bert-bge");
        TinyModels.BertSpec spec = TinyModels.BertSpec.defaults(vocab).withLabels(List.of("bad", "good"))
                .withTensorType(GgmlType.F16);
        GgufFile f = GgufFile.read(TinyModels.bertClassifier(dir.resolve("bert.gguf"), spec));

        assertKey(f, "general.architecture", GgufType.STRING, "bert");
        assertKey(f, "general.file_type", GgufType.UINT32, 1L);
        assertKey(f, "bert.context_length", GgufType.UINT32, 512L);
        assertKey(f, "bert.embedding_length", GgufType.UINT32, (long) E);
        assertKey(f, "bert.block_count", GgufType.UINT32, (long) L);
        assertKey(f, "bert.feed_forward_length", GgufType.UINT32, (long) FF);
        assertKey(f, "bert.attention.head_count", GgufType.UINT32, (long) H);
        assertKey(f, "bert.attention.layer_norm_epsilon", GgufType.FLOAT32, 1e-12f);
        assertKey(f, "bert.attention.causal", GgufType.BOOL, false);
        assertKey(f, "bert.pooling_type", GgufType.UINT32, 4L);
        assertEquals(List.of("bad", "good"), f.getStringList("bert.classifier.output_labels"));
        assertKey(f, "tokenizer.ggml.token_type_count", GgufType.UINT32, 2L);
        assertEquals("bert", f.getString("tokenizer.ggml.model"));
        assertFalse(f.contains(RewardHeadKeys.WEIGHT), "the classifier is in tensors, not metadata");

        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("token_embd.weight", new long[] {E, 30522});
        m.put("token_types.weight", new long[] {E, 2});
        m.put("position_embd.weight", new long[] {E, 512});
        m.put("token_embd_norm.weight", new long[] {E});
        m.put("token_embd_norm.bias", new long[] {E});
        for (int i = 0; i < L; i++) {
            String b = "blk." + i + ".";
            for (String t : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
                m.put(b + t + ".weight", new long[] {E, E});
                m.put(b + t + ".bias", new long[] {E});
            }
            m.put(b + "attn_output_norm.weight", new long[] {E});
            m.put(b + "attn_output_norm.bias", new long[] {E});
            m.put(b + "ffn_up.weight", new long[] {E, FF});
            m.put(b + "ffn_up.bias", new long[] {FF});
            m.put(b + "ffn_down.weight", new long[] {FF, E});
            m.put(b + "ffn_down.bias", new long[] {E});
            m.put(b + "layer_output_norm.weight", new long[] {E});
            m.put(b + "layer_output_norm.bias", new long[] {E});
        }
        m.put("cls.weight", new long[] {E, E});
        m.put("cls.bias", new long[] {E});
        m.put("cls.output.weight", new long[] {E, 2});
        m.put("cls.output.bias", new long[] {2});
        assertTensors(m, f);
        // the CPU backend cannot add an F16 operand to F32 activations: these stay F32 in an F16 model
        assertEquals(GgmlType.F32, f.tensor("token_types.weight").orElseThrow().type());
        assertEquals(GgmlType.F32, f.tensor("position_embd.weight").orElseThrow().type());
        assertEquals(GgmlType.F16, f.tensor("cls.output.weight").orElseThrow().type());
        assertEquals(GgmlType.F32, f.tensor("cls.output.bias").orElseThrow().type());

        GgufFile direct = GgufFile.read(TinyModels.bertClassifier(dir.resolve("direct.gguf"),
                TinyModels.BertSpec.defaults(vocab).withPooler(false)));
        assertFalse(direct.tensor("cls.weight").isPresent());
        assertArrayEquals(new long[] {E, 1}, direct.tensor("cls.output.weight").orElseThrow().dims());
        assertEquals(List.of("score"), direct.getStringList("bert.classifier.output_labels"));
    }

    @Test
    void bertNeedsAVocabularyWithTokenTypes() {
        Path spm = VocabFilesTest.vocab("llama-spm");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                TinyModels.bertClassifier(dir.resolve("x.gguf"), TinyModels.BertSpec.defaults(spm)));
        assertTrue(e.getMessage().contains("token_type_count"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.gguf")));
    }
}
