package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.engine.TokenBatch;
import dev.seal.gguf.GgmlType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test's teeth: GGUFs converted with one deliberate mistake (no q/k permutation, no RoPE frequency
 * factors, a lost q bias) and the reference pooled on the wrong token all miss the reference by far more than the f32
 * tolerance (1e-4), so {@link ConvertDifferentialTest} would catch each of them.
 */
class SensitivityTest {
    @TempDir
    Path dir;

    private double error(Path hf, String label, UnaryOperator<List<ModelLayout.Planned>> mutate, boolean poolWrong)
            throws Exception {
        return error(hf, label, mutate, poolWrong, w -> { });
    }

    private double error(Path hf, String label, UnaryOperator<List<ModelLayout.Planned>> mutate, boolean poolWrong,
                         java.util.function.Consumer<GgufStreamWriter> keys) throws Exception {
        return mutationError(hf, dir, label, mutate, keys, ConvertDifferentialTest.TEXTS, false, poolWrong);
    }

    /**
     * Scores {@code texts} (tokenized with special tokens parsed when {@code parseSpecial}) on an f32 GGUF of {@code hf}
     * built with {@code mutate} and {@code keys} (see {@link #writeMutated}) and by {@link ReferenceModel} (on all but
     * the last token when {@code poolWrong}; then only texts of 3 or more tokens); returns the largest |seal -
     * reference| relative to the largest |reference|.
     */
    static double mutationError(Path hf, Path dir, String label, UnaryOperator<List<ModelLayout.Planned>> mutate,
                                java.util.function.Consumer<GgufStreamWriter> keys, List<String> texts,
                                boolean parseSpecial, boolean poolWrong) throws Exception {
        Path gguf = writeMutated(hf, dir, label, mutate, keys);
        try (Checkpoint ck = Checkpoint.open(hf)) {
            HfConfig c = HfConfig.read(hf);
            try (ReferenceModel ref = ReferenceModel.of(c, ck);
                 Model m = Model.load(gguf, new Model.Options(0, true, false));
                 Scorer s = Scorer.open(m, ConvertDifferentialTest.exact())) {
                List<int[]> seqs = new ArrayList<>();
                for (String t : texts) {
                    int[] ids = m.tokenize(t, true, parseSpecial);
                    if (!poolWrong || ids.length > 2) {
                        seqs.add(ids);
                    }
                }
                TokenBatch.Builder b = TokenBatch.builder();
                seqs.forEach(q -> b.add(q, -1));
                Scorer.Result r = s.score(b.build());
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(0, r.status()[i], label + ": status of sequence " + i);
                    int[] q = seqs.get(i);
                    float[] want = ref.score(poolWrong ? Arrays.copyOf(q, q.length - 1) : q);
                    for (int l = 0; l < want.length; l++) {
                        diff = Math.max(diff, Math.abs(want[l] - r.reward(i, l)));
                        scale = Math.max(scale, Math.abs(want[l]));
                    }
                }
                double rel = diff / scale;
                System.out.printf(Locale.ROOT, "seal-test: mutation '%s': relative error %.3g (f32 tolerance 1e-4)%n",
                        label, rel);
                return rel;
            }
        }
    }

    /** An f32 GGUF of {@code hf} in {@code dir} with {@code mutate} applied to the plan and {@code keys} to the metadata. */
    static Path writeMutated(Path hf, Path dir, String label, UnaryOperator<List<ModelLayout.Planned>> mutate,
                             java.util.function.Consumer<GgufStreamWriter> keys) throws java.io.IOException {
        Path gguf = dir.resolve(label.replaceAll("[^A-Za-z0-9]+", "-") + ".gguf");
        try (Checkpoint ck = Checkpoint.open(hf)) {
            HfConfig c = HfConfig.read(hf);
            ModelLayout layout = ModelLayout.plan(c, ck);
            TokenizerConverter.Result tok = TokenizerConverter.convert(hf, c);
            GgufStreamWriter w = Converter.build(layout.withTensors(mutate.apply(layout.tensors())), tok.keys(),
                    GgmlType.F32, label);
            keys.accept(w);
            w.write(gguf);
        }
        return gguf;
    }

    private static List<ModelLayout.Planned> map(List<ModelLayout.Planned> ts,
                                                 UnaryOperator<ModelLayout.Planned> f) {
        return ts.stream().map(f).toList();
    }

    @Test
    void llamaMistakesAreCaught() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("llama"), TinyHf.Spec.llama());
        assertTrue(error(hf, "correct", ts -> ts, false) < 1e-4);
        assertTrue(error(hf, "no q/k permutation", ts -> map(ts, p -> p.permuteHeads() == 0 ? p
                : new ModelLayout.Planned(p.gguf(), p.source(), p.ne(), 0, p.vector(), p.generated())), false) > 1e-2);
        assertTrue(error(hf, "no rope_freqs", ts -> ts.stream().filter(p -> !p.gguf().equals("rope_freqs.weight"))
                .toList(), false) > 1e-2);
        assertTrue(error(hf, "reference pools the second-to-last token", ts -> ts, true) > 1e-2);
    }

    @Test
    void gemma2MistakesAreCaught() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("gemma2"), TinyHf.Spec.gemma2());
        assertTrue(error(hf, "gemma2 correct", ts -> ts, false) < 1e-4);
        assertTrue(error(hf, "gemma2 norms without +1", ts -> map(ts, p -> p.shift() == 0 ? p
                : new ModelLayout.Planned(p.gguf(), p.source(), p.ne(), 0, true, null, 0f)), false) > 1e-2);
        assertTrue(error(hf, "gemma2 no sliding window", ts -> ts, false,
                w -> w.put("gemma2.attention.sliding_window", dev.seal.gguf.GgufValue.uint32(4096))) > 1e-2);
        assertTrue(error(hf, "gemma2 soft cap 50 instead of 1", ts -> ts, false,
                w -> w.put("gemma2.attn_logit_softcapping", dev.seal.gguf.GgufValue.float32(50f))) > 1e-2);
    }

    @Test
    void qwen2MissingBiasIsCaught() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("qwen2"), TinyHf.Spec.qwen2());
        assertTrue(error(hf, "no q bias", ts -> map(ts, p -> p.gguf().equals("blk.0.attn_q.bias")
                ? new ModelLayout.Planned(p.gguf(), null, p.ne(), 0, true, new float[(int) p.ne()[0]]) : p), false) > 1e-2);
    }
}
