package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.GgufValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPT-NeoX reward models: the layout llama.cpp's gptneox expects, the tokenizer, and the parts that set GPT-NeoX apart
 * (the fused qkv regrouped per head, partial rotary, parallel residual, exact GELU) and transformers' pooling with
 * pad = EOS, each
 * shown to matter: a GGUF made with one of them wrong misses {@link ReferenceModel} by far more than the f32
 * tolerance of {@link ConvertDifferentialTest} (which scores the correct conversion at f32, f16 and q8_0).
 */
class GptNeoXConvertTest {
    @TempDir
    static Path dir;
    static Path hf;

    @BeforeAll
    static void writeModel() throws Exception {
        hf = TinyHf.write(dir.resolve("neox"), TinyHf.Spec.gptneox());
    }

    /**
     * Scores the texts on a GGUF built with {@code mutate} applied to the plan and {@code keys} to the metadata; returns
     * the largest |seal - reference| relative to the largest |reference|.
     */
    private static double error(String label, UnaryOperator<List<ModelLayout.Planned>> mutate,
                                Consumer<GgufStreamWriter> keys, List<String> texts) throws Exception {
        return SensitivityTest.mutationError(hf, dir, label, mutate, keys, texts, true, false);
    }

    private static double error(String label, UnaryOperator<List<ModelLayout.Planned>> mutate,
                                Consumer<GgufStreamWriter> keys) throws Exception {
        return error(label, mutate, keys, ConvertDifferentialTest.TEXTS);
    }

    @Test
    void layoutIsLlamaCppsGptNeoX() throws Exception {
        Path gguf = dir.resolve("layout.gguf");
        Converter.convert(hf, gguf, Converter.Options.of("f32"));
        GgufFile g = GgufFile.read(gguf);
        assertEquals("gptneox", g.architecture());
        assertEquals(4, g.optionalLong("gptneox.rope.dimension_count").orElseThrow(), "rotary_pct 0.25 of 16");
        assertEquals("true", String.valueOf(g.metadata().get("gptneox.use_parallel_residual").value()));
        assertTrue(g.contains("gptneox.attention.layer_norm_epsilon"));
        assertEquals(0, g.optionalLong(HeadAttacher.KEY_PAD).orElseThrow(), "pad_token_id stored with the head");
        assertTrue(g.tensor("blk.1.attn_qkv.weight").isPresent() && g.tensor("blk.1.attn_qkv.bias").isPresent());
        assertTrue(g.tensor("output.weight").isEmpty(), "no LM head: a sequence classifier has none");
        assertEquals("mpt", g.getString("tokenizer.ggml.pre"), "GPT-NeoX-20B's check-text hash is llama.cpp's mpt");
    }

    /** Row r of attn_qkv: q rows of every head, then k, then v, each from its head's [q; k; v] block. */
    @Test
    void qkvRowsAreRegroupedPerHead() {
        // 2 heads of 3: HF rows h0:q0 q1 q2 k0 k1 k2 v0 v1 v2, h1: q.. k.. v..
        long[] want = {0, 1, 2, 9, 10, 11, 3, 4, 5, 12, 13, 14, 6, 7, 8, 15, 16, 17};
        for (int r = 0; r < want.length; r++) {
            assertEquals(want[r], ModelLayout.qkvRow(r, 18, 2), "row " + r);
        }
    }

    @Test
    void distinctivePartsMatter() throws Exception {
        NativeTests.requireNative();
        assertTrue(error("correct", ts -> ts, w -> { }) < 1e-4);
        assertTrue(error("qkv not regrouped", ts -> ts.stream().map(p -> p.qkvHeads() == 0 ? p
                : new ModelLayout.Planned(p.gguf(), p.source(), p.ne(), 0, p.vector(), p.generated(), 0f, 0))
                .toList(), w -> { }) > 1e-2);
        assertTrue(error("sequential residual", ts -> ts,
                w -> w.put("gptneox.use_parallel_residual", GgufValue.bool(false))) > 1e-2);
        assertTrue(error("full rotary", ts -> ts, w -> w.put("gptneox.rope.dimension_count", GgufValue.uint32(16)))
                > 1e-2);
        // llama.cpp's own gptneox MLP: GELU's tanh approximation from ggml's f16 table, where transformers' "gelu" is
        // exact; small, but over the f32 tolerance
        assertTrue(error("tanh GELU", ts -> ts, w -> w.put(Converter.GELU_ERF, GgufValue.bool(false))) > 1e-4);
    }

    /**
     * pad_token_id = EOS: transformers pools the last token that is not EOS, so a text that ends in EOS (one or several)
     * scores at the token before them; without the stored pad id seal would pool the EOS itself.
     */
    @Test
    void poolsTheLastNonPadTokenAsTransformers() throws Exception {
        NativeTests.requireNative();
        List<String> texts = List.of("Hello world<|endoftext|>", "Ends twice.<|endoftext|><|endoftext|>",
                "<|endoftext|> inside, then text", "<|endoftext|>", "no EOS at all");
        assertTrue(error("pad pooling", ts -> ts, w -> { }, texts) < 1e-4);
        assertTrue(error("pad id dropped", ts -> ts, w -> w.metadata().remove(HeadAttacher.KEY_PAD), texts) > 1e-2);
    }

    @Test
    void referencePoolsLikeTransformers() {
        assertEquals(1, ReferenceModel.pooledPosition(new int[] {5, 6, 0, 0}, 0));
        assertEquals(3, ReferenceModel.pooledPosition(new int[] {0, 5, 0, 6}, 0), "the last non-pad, not the first pad");
        assertEquals(0, ReferenceModel.pooledPosition(new int[] {0, 0}, 0), "argmax of zeros: position 0");
        assertEquals(2, ReferenceModel.pooledPosition(new int[] {0, 0, 0}, -1), "no pad id: the last token");
    }

    /** seal's tokenizer on the converted GGUF equals the ids HfBpeTokenizer computes from tokenizer.json. */
    @Test
    void tokenizerMatchesTokenizerJson() throws Exception {
        NativeTests.requireNative();
        Path gguf = dir.resolve("tok.gguf");
        Converter.Report rep = Converter.convert(hf, gguf, Converter.Options.of("f32"));
        HfBpeTokenizer.Encoder enc = rep.tokenizer().tokenizer().encoder().orElseThrow();
        List<String> texts = new ArrayList<>(ConvertDifferentialTest.TEXTS);
        texts.add(PreTokenizers.CHECK_TEXT);
        texts.add("def f(x):\n        return x  # eight spaces, then two");
        try (Model m = Model.load(gguf, new Model.Options(0, true, true))) {
            for (String t : texts) {
                assertArrayEquals(enc.encode(t, true), m.tokenize(t, true, false), t);
            }
        }
    }
}
