package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import dev.seal.engine.SealException;
import dev.seal.engine.TokenBatch;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.GgufValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine pools where transformers does for a model with a pad id: the last token that is not padding. A tiny Qwen2
 * RM (pad_token_id = &lt;|endoftext|&gt;) scores texts that end in one or more pad tokens, texts with a pad token inside,
 * and a text of padding only, against {@link ReferenceModel}, which pools by transformers' rule on the whole sequence;
 * a pad id outside the vocabulary is refused at load.
 */
class PadPoolingTest {
    @TempDir
    Path dir;

    @Test
    void trailingPadTokensAreNotPooled() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("qwen2"), TinyHf.Spec.qwen2());
        Path gguf = dir.resolve("qwen2.gguf");
        Converter.convert(hf, gguf, Converter.Options.of("f32"));
        HfConfig c = HfConfig.read(hf);
        assertEquals(c.padTokenId, GgufFile.read(gguf).optionalLong(HeadAttacher.KEY_PAD).orElseThrow());
        String pad = "<|endoftext|>";
        List<String> texts = List.of("Hello world" + pad, "Twice." + pad + pad, pad + " inside, then text",
                "inside " + pad + " and at the end" + pad, pad + pad, "no padding at all");
        try (ReferenceModel ref = ReferenceModel.open(hf);
             Model m = Model.load(gguf, new Model.Options(0, true, false));
             Scorer s = Scorer.open(m, ConvertDifferentialTest.exact())) {
            TokenBatch.Builder b = TokenBatch.builder();
            List<int[]> seqs = texts.stream().map(t -> m.tokenize(t, true, true)).toList();
            seqs.forEach(q -> b.add(q, -1));
            Scorer.Result r = s.score(b.build());
            double worst = 0;
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(0, r.status()[i], texts.get(i));
                float[] want = ref.score(seqs.get(i));
                for (int l = 0; l < want.length; l++) {
                    double rel = Math.abs(want[l] - r.reward(i, l)) / Math.max(1, Math.abs(want[l]));
                    worst = Math.max(worst, rel);
                    assertTrue(rel < 1e-4, texts.get(i) + " label " + l + ": seal " + r.reward(i, l) + ", transformers' "
                            + "pooling " + want[l]);
                }
            }
            System.out.printf(Locale.ROOT, "seal-test: pad pooling, worst relative error %.3g%n", worst);
        }
        Path bad = SensitivityTest.writeMutated(hf, dir, "pad outside the vocabulary", ts -> ts,
                w -> w.put(HeadAttacher.KEY_PAD, GgufValue.uint32(100_000_000L)));
        SealException e = assertThrows(SealException.class, () -> Model.load(bad, new Model.Options(0, true, false)));
        assertTrue(e.getMessage().contains("seal.reward.pad_token_id"), e.getMessage());
    }
}
