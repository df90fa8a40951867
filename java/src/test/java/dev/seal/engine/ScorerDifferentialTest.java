package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast path against the simple one on the same inputs: pairs batched, sorted, packed and with their
 * shared prompt computed once must score as each text scored alone.
 */
class ScorerDifferentialTest {
    static List<String[]> pairs(int n) {
        List<String[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String prompt = "\n\nHuman: question " + k + ": how do I " + "really ".repeat(k % 9) + "fix a bike?\n\nAssistant:";
            out.add(new String[] {prompt + " Check the chain, then the brakes, then the tyres.", prompt + " No idea, sorry."});
        }
        return out;
    }

    static double maxAbsDiff(Model m, Scorer.Options batchedOpts, int n) {
        List<String[]> ps = pairs(n);
        TokenBatch.Builder b = TokenBatch.builder();
        List<int[]> seqs = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            for (String t : ps.get(i)) {
                int[] tok = m.tokenize(t, true, false);
                seqs.add(tok);
                b.add(tok, i);
            }
        }
        Scorer.Result batched;
        try (Scorer s = Scorer.open(m, batchedOpts)) {
            batched = s.score(b.build());
            assertTrue(batched.stats().tokensDecoded() < batched.stats().tokensInput() || !batchedOpts.sharePrefix(),
                    "sharing must save tokens: " + batched.stats());
            assertTrue(batched.stats().decodes() < seqs.size(), "batched: " + batched.stats());
        }
        double worst = 0;
        double scale = 0;
        try (Scorer s = Scorer.open(m, batchedOpts.withSharePrefix(false))) {
            for (int i = 0; i < seqs.size(); i++) {
                Scorer.Result alone = s.score(TokenBatch.builder().add(seqs.get(i), -1).build());
                assertEquals(0, alone.status()[0]);
                worst = Math.max(worst, Math.abs(alone.reward(0, 0) - batched.reward(i, 0)));
                scale = Math.max(scale, Math.abs(alone.reward(0, 0)));
            }
        }
        System.out.printf("seal-test: batched+shared vs alone (%s KV): max |diff| = %.3g, max |reward| = %.3g, %s%n",
                batchedOpts.kvF32() ? "f32" : "f16", worst, scale, batched.stats());
        return worst / Math.max(1.0, scale);
    }

    @Test
    void batchedAndPrefixSharedEqualsAloneWithF32Cache() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            // f32 KV: only f32 rounding differs between the two paths.
            assertTrue(maxAbsDiff(m, Scorer.Options.defaults().withKvF32(true).withBatchTokens(1024), 48) < 1e-5);
        }
    }

    @Test
    void batchedAndPrefixSharedEqualsAloneWithDefaultCache() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            // f16 KV (the default): attention probabilities meet V in f16, so a different summation order
            // can move a probability by one f16 ulp (~5e-4 relative); rewards stay within 1e-3 relative.
            assertTrue(maxAbsDiff(m, Scorer.Options.defaults().withBatchTokens(1024), 48) < 1e-3);
        }
    }

    @Test
    void flashAttentionIsTheDefaultOnTheCpuAndStaysWithinTheF16CachesTolerance() throws Exception {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            int flash = dev.seal.bindings.seal_scorer_params.flash_attn(dev.seal.bindings.seal_h.seal_scorer_default_params(arena));
            assertTrue(flash != 0, "the scorer's default flash attention setting is off: " + flash);
        }
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            // a text scored alone is a decode of fewer than 64 rows: llama.cpp's untiled CPU path, which
            // meets V in f16 like the plain path does; the packed decodes take the tiled f32 one
            assertTrue(maxAbsDiff(m, Scorer.Options.defaults().withFlashAttn(1).withBatchTokens(1024), 48) < 1e-3);
        }
    }
}
