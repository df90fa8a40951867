package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check that catches a wrong permutation, a missing bias, a wrong RoPE or pooling on the wrong token: a tiny
 * Hugging Face model with random weights, scored by {@link ReferenceModel} on its safetensors and by seal on the
 * converted GGUF (f32, f16, q8_0), on the same token ids (seal's tokenizer on the converted GGUF; for byte-level BPE
 * models they are also checked to equal the ids {@link HfBpeTokenizer} computes from tokenizer.json). seal scores
 * with an f32 KV cache and flash attention off, so the comparison measures the conversion, not the cache.
 *
 * <p>Tolerances, relative to the largest |reward| of the batch:
 * <ul>
 * <li>f32: 1e-4. Same weights and f32 activations on both sides; only summation order differs (ggml's SIMD dot
 * products vs sequential double sums, exp/sin/cos implementations): measured ~2e-7 for Llama/Qwen/Mistral. Gemma 2
 * measures ~3e-5 because ggml's CPU GELU rounds its input to f16 and reads the result from an f16 table
 * (GGML_GELU_FP16 in ggml-cpu/vec.h), a ~5e-4 relative error per activation.</li>
 * <li>f16: 2e-2. Weights are rounded to f16 (relative 2^-11 ≈ 5e-4 each), and ggml's CPU matmul with f16 weights also
 * rounds the activations to f16; two layers of that plus a norm, attention and the head amplify it to ~1e-3.</li>
 * <li>q8_0: 5e-2. Weights and (on the CPU) activations are quantized to 8 bits per block of 32 with one scale
 * (relative error up to ~1/254 of the block's largest value, ~4e-3 rms); through two layers that is ~1e-2.</li>
 * </ul>
 */
class ConvertDifferentialTest {
    @TempDir
    Path dir;

    static final List<String> TEXTS = List.of(
            "Hello world",
            "\n\nHuman: How do I bake bread?\n\nAssistant: Knead, let it rise, bake at 230°C for 30 minutes.",
            "I've been 'told he's there, 'RE you sure? 3333 apples + 12.5% tax = ?",
            "нещо на Български, 我想在apple工作 🦙🦙 done.",
            "   leading spaces\tand\ttabs\n\n\nnewlines",
            "x");

    static final Map<String, Double> TOLERANCE = Map.of("f32", 1e-4, "f16", 2e-2, "q8_0", 5e-2);

    static Scorer.Options exact() {
        return new Scorer.Options(0, 0, 0, 2, 0, false, true, true);
    }

    /** Converts to each type and compares; returns the max relative error per type. */
    Map<String, Double> differential(TinyHf.Spec spec, String label) throws Exception {
        return differential(spec, label, List.of("f32", "f16", "q8_0"));
    }

    Map<String, Double> differential(TinyHf.Spec spec, String label, List<String> types) throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve(label), spec);
        Map<String, Double> errors = new HashMap<>();
        Map<String, float[]> refCache = new HashMap<>();
        try (ReferenceModel ref = ReferenceModel.open(hf)) {
            for (String type : types) {
                Path gguf = dir.resolve(label + "-" + type + ".gguf");
                Converter.Report rep = Converter.convert(hf, gguf, new Converter.Options(type, 2, null, null));
                try (Model m = Model.load(gguf, new Model.Options(0, true, false));
                     Scorer s = Scorer.open(m, exact())) {
                    List<int[]> seqs = new ArrayList<>();
                    for (String t : TEXTS) {
                        int[] ids = m.tokenize(t, true, false);
                        seqs.add(ids);
                        rep.tokenizer().tokenizer().encoder().ifPresent(enc ->
                                assertArrayEquals(enc.encode(t, true), ids, "seal vs tokenizer.json ids of " + t));
                    }
                    if (m.info().hasChatTemplate()) {
                        String chat = m.renderChat(List.of(new Turn("user", "What is 2+2?"),
                                new Turn("assistant", "4, of course.")), false, null);
                        seqs.add(m.tokenize(chat, !chat.startsWith(bosText(m)), true));
                    }
                    TokenBatch.Builder b = TokenBatch.builder();
                    seqs.forEach(q -> b.add(q, -1));
                    Scorer.Result r = s.score(b.build());
                    double maxDiff = 0;
                    double scale = 0;
                    int n = r.nLabels();
                    assertEquals(spec.nLabels(), n);
                    for (int i = 0; i < seqs.size(); i++) {
                        assertEquals(0, r.status()[i], "status of sequence " + i);
                        int[] q = seqs.get(i);
                        float[] want = refCache.computeIfAbsent(key(q), k -> ref.score(q));
                        for (int l = 0; l < n; l++) {
                            maxDiff = Math.max(maxDiff, Math.abs(want[l] - r.reward(i, l)));
                            scale = Math.max(scale, Math.abs(want[l]));
                        }
                    }
                    double rel = maxDiff / Math.max(scale, 1e-6);
                    errors.put(type, rel);
                    System.out.printf(Locale.ROOT, "seal-test: convert %s %s: max |reward - reference| = %.3g"
                                    + " (relative %.3g, max |reward| %.3g, %d sequences, %d labels)%n", label, type,
                            maxDiff, rel, scale, seqs.size(), n);
                    assertTrue(scale > 0.05, "rewards should not all be ~0: " + scale);
                    assertTrue(rel < TOLERANCE.get(type), label + " " + type + ": relative error " + rel);
                }
            }
        }
        return errors;
    }

    private static String bosText(Model m) {
        String s = m.meta("tokenizer.ggml.add_bos_token");
        return "true".equals(s) && m.info().tokenBos() >= 0 ? "<" : "\u0000";
    }

    private static String key(int[] q) {
        return java.util.Arrays.toString(q);
    }

    @Test
    void llamaWithLlama3RopeAndShards() throws Exception {
        differential(TinyHf.Spec.llama(), "llama");
    }

    @Test
    void llamaWithLinearRopeScalingAndAttentionBias() throws Exception {
        TinyHf.Spec l = TinyHf.Spec.llama();
        differential(new TinyHf.Spec(l.hfArch(), l.vocab(), l.hidden(), l.layers(), l.heads(), l.kvHeads(), 0, l.ff(),
                1, true, "BF16", "{\"type\": \"linear\", \"factor\": 4.0}", 10000, 23, 1, true), "llama-linear",
                List.of("f32"));
    }

    @Test
    void qwen2WithBiasesAndTwoLabels() throws Exception {
        differential(TinyHf.Spec.qwen2(), "qwen2");
    }

    @Test
    void qwen3WithQkNormsAndWideHeads() throws Exception {
        differential(TinyHf.Spec.qwen3(), "qwen3");
    }

    @Test
    void gemma2WithSoftcapAndSlidingWindow() throws Exception {
        differential(TinyHf.Spec.gemma2(), "gemma2");
    }

    @Test
    void gptNeoXWithPartialRotaryAndParallelResidual() throws Exception {
        differential(TinyHf.Spec.gptneox(), "gptneox");
    }

    @Test
    void mistralWithSentencePiece() throws Exception {
        differential(TinyHf.Spec.mistral(), "mistral");
    }
}
