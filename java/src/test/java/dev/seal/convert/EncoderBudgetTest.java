package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.Scorer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default token budget of an encoder RM (Scorer.defaultBatchTokens): a DeBERTa attends over its whole packed
 * decode, so the budget is the largest multiple of 256 whose attention scores (24 bytes x heads x B x B, measured in
 * benchmarks/NOTES.md) fit 512 MiB, never above the engine's default (512 on CPU, 8192 with a GPU).
 */
class EncoderBudgetTest {
    @TempDir
    Path dir;

    private static long scoreBytes(int heads, long budget) {
        return Scorer.ENCODER_SCORE_BYTES * heads * budget * budget;
    }

    @Test
    void ruleIsTheLargestStepWithinTheLimit() {
        for (int engine : new int[] {512, 8192}) {
            for (int heads = 1; heads <= 128; heads++) {
                int b = Scorer.encoderBudget(heads, engine);
                String at = heads + " heads, engine default " + engine + ": " + b;
                assertEquals(0, b % Scorer.ENCODER_BUDGET_STEP, at);
                assertTrue(b >= Scorer.ENCODER_BUDGET_STEP && b <= engine, at);
                boolean capped = b == engine || b == Scorer.ENCODER_BUDGET_STEP;
                assertTrue(capped || scoreBytes(heads, b) <= Scorer.ENCODER_SCORE_LIMIT, at + " exceeds the limit");
                assertTrue(b == engine || scoreBytes(heads, b + Scorer.ENCODER_BUDGET_STEP) > Scorer.ENCODER_SCORE_LIMIT,
                        at + " is not the largest step within the limit");
            }
        }
    }

    /** The budget a scorer opened without one gets, for a converted DeBERTa of {@code heads} heads. */
    private int defaultBudget(String label, int hidden, int heads) throws Exception {
        TinyDeberta.Spec v3 = TinyDeberta.Spec.v3();
        TinyDeberta.Spec s = new TinyDeberta.Spec(v3.vocab(), hidden, 1, heads, 64, 1, v3.posAtt(), v3.buckets(),
                v3.maxRel(), true, true, "gelu", "F32", v3.seed());
        Path gguf = dir.resolve(label + ".gguf");
        Converter.convert(TinyDeberta.write(dir.resolve(label), s), gguf, Converter.Options.of("f32"));
        try (Model m = Model.load(gguf, new Model.Options(0, true, false));
             Scorer sc = Scorer.open(m, Scorer.Options.defaults())) {
            return sc.batchTokens();
        }
    }

    @Test
    void aDebertaGgufGetsTheRulesBudget() throws Exception {
        NativeTests.requireNative();
        int engine;  // the engine's default, as a decoder gets it
        try (Model m = Model.load(NativeTests.tinyLlama(), new Model.Options(0, true, false));
             Scorer sc = Scorer.open(m, Scorer.Options.defaults())) {
            engine = sc.batchTokens();
        }
        assertEquals(Scorer.encoderBudget(4, engine), defaultBudget("few-heads", 32, 4));
        // 96 heads: 24 x 96 x 512 x 512 bytes exceed 512 MiB, so even the CPU's 512 is cut (to 256)
        int many = defaultBudget("many-heads", 96, 96);
        assertEquals(Scorer.encoderBudget(96, engine), many);
        assertTrue(many < engine, "the rule cuts the engine's " + engine + " for 96 heads: " + many);
    }
}
