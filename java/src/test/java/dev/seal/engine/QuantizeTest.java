package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llama.cpp's quantizer through seal: the head survives and Q8_0 rewards stay close to F32's. */
class QuantizeTest {
    @TempDir
    Path dir;

    @Test
    void q8_0KeepsTheHeadAndStaysCloseToF32() throws Exception {
        Path f32 = NativeTests.tinyLlama();
        Path q8 = dir.resolve("q8.gguf");
        Model.quantize(f32, q8, "q8_0", 0);
        try (Model a = Model.load(f32, Model.Options.defaults()); Model b = Model.load(q8, Model.Options.defaults())) {
            assertEquals(ModelInfo.HeadKind.LAST_TOKEN, b.info().headKind());
            assertEquals(a.info().labels(), b.info().labels());
            assertEquals("7", b.meta("general.file_type"), "Q8_0 is llama_ftype 7");
            TokenBatch.Builder tb = TokenBatch.builder();
            for (var p : ScorerDifferentialTest.pairs(16)) {
                tb.add(a.tokenize(p[0], true, false), -1).add(a.tokenize(p[1], true, false), -1);
            }
            TokenBatch batch = tb.build();
            try (Scorer sa = Scorer.open(a, Scorer.Options.defaults()); Scorer sb = Scorer.open(b, Scorer.Options.defaults())) {
                Scorer.Result ra = sa.score(batch);
                Scorer.Result rb = sb.score(batch);
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < batch.size(); i++) {
                    worst = Math.max(worst, Math.abs(ra.reward(i, 0) - rb.reward(i, 0)));
                    scale = Math.max(scale, Math.abs(ra.reward(i, 0)));
                }
                System.out.printf("seal-test: Q8_0 vs F32 tiny llama: max |diff| = %.3g (max |reward| %.3g)%n", worst, scale);
                // Q8_0 keeps ~8 bits per weight with a per-32 scale: a few percent of the reward scale at most.
                assertTrue(worst < 0.05 * Math.max(scale, 0.1), "Q8_0 drift " + worst);
                assertTrue(worst > 0, "quantization must change something");
            }
        }
        SealException e = assertThrows(SealException.class, () -> Model.quantize(f32, dir.resolve("x.gguf"), "q9_9", 0));
        assertTrue(e.getMessage().contains("q8_0"), e.getMessage());
    }
}
