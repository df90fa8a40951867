package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.format.PairFormatter;
import dev.seal.data.ErrorWriter;
import dev.seal.score.InProcessBackend;
import dev.seal.score.PairOutcome;
import dev.seal.score.ScoringBackend;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The native per-sequence statuses of seal_scorer_score, reached from Java: a sequence longer than the scorer's
 * limit, an empty one, and one holding a token id outside the vocabulary each fail alone with their status, while the
 * good sequences next to them score exactly as they do without them. In the pair path the native status is the
 * errors-file reason.
 */
class SequenceStatusTest {
    static final int LIMIT = 24;

    @Test
    void badSequencesFailAloneWithTheirNativeStatusAndTheOthersScore() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Scorer s = Scorer.open(m, Scorer.Options.defaults().withMaxTokens(LIMIT))) {
            assertEquals(LIMIT, s.maxTokens());
            int[] text = m.tokenize("\n\nHuman: " + "tell me more about the sea and the sky ".repeat(6), true, false);
            assertTrue(text.length > LIMIT + 1, "text of " + text.length + " tokens");
            int[] atLimit = Arrays.copyOf(text, LIMIT);
            int[] overLimit = Arrays.copyOf(text, LIMIT + 1);
            int[] shortOne = Arrays.copyOf(text, 5);
            int[] pastVocab = shortOne.clone();
            pastVocab[2] = m.info().nVocab();
            int[] negative = shortOne.clone();
            negative[3] = -1;
            List<int[]> seqs = List.of(atLimit, overLimit, new int[0], pastVocab, shortOne, negative);
            TokenBatch.Builder mixed = TokenBatch.builder();
            seqs.forEach(t -> mixed.add(t, -1));
            Scorer.Result r = s.score(mixed.build());

            int ok = seal_h.SEAL_OK();
            int bad = seal_h.SEAL_E_INVALID_ARGUMENT();
            assertArrayEquals(new int[] {ok, seal_h.SEAL_E_TOO_LONG(), seal_h.SEAL_E_EMPTY(), bad, ok, bad}, r.status());
            assertEquals(List.of("ok", "too_long", "empty", "invalid_argument", "ok", "invalid_argument"),
                    Arrays.stream(r.status()).mapToObj(SealException::code).toList());
            assertEquals(4, r.stats().failed());
            for (int i : new int[] {1, 2, 3, 5}) {
                assertTrue(Float.isNaN(r.reward(i, 0)), "sequence " + i + " has no reward");
            }
            Scorer.Result alone = s.score(TokenBatch.builder().add(atLimit, -1).add(shortOne, -1).build());
            assertArrayEquals(new int[] {ok, ok}, alone.status());
            assertEquals(alone.reward(0, 0), r.reward(0, 0), "the sequence at the limit scores as without the bad ones");
            assertEquals(alone.reward(1, 0), r.reward(4, 0), "the short sequence scores as without the bad ones");
        }
    }

    @Test
    void theNativeTooLongStatusIsThePairsErrorsFileReason() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
             Scorer s = Scorer.open(m, Scorer.Options.defaults().withMaxTokens(LIMIT))) {
            // The formatter allows ten times the scorer's limit, so only the engine can refuse the long pair.
            PairFormatter f = new PairFormatter(m, PairFormatter.Mode.RAW, null, 10 * LIMIT, PairFormatter.Truncation.ERROR);
            List<PreferencePair> pairs = List.of(pair("short1", "Why?", "Because.", "No."),
                    pair("long", "Why? " + "Tell me every reason there is. ".repeat(8), "Because.", "No."),
                    pair("short2", "How?", "Carefully.", "Badly."));
            try (ScoringBackend ps = new InProcessBackend(m, s, f)) {
                List<PairOutcome> out = ps.score(pairs).outcomes();
                assertInstanceOf(PairOutcome.Scored.class, out.get(0));
                assertInstanceOf(PairOutcome.Scored.class, out.get(2));
                PairOutcome.Failed failed = assertInstanceOf(PairOutcome.Failed.class, out.get(1));
                assertEquals("too_long", failed.reason());
                assertEquals(ErrorWriter.STAGE_SCORE, failed.stage(), "refused by the engine, not the formatter");
                assertTrue(failed.detail().contains("chosen"), failed.detail());
            }
        }
    }

    static PreferencePair pair(String id, String question, String chosen, String rejected) {
        List<Turn> prompt = List.of(new Turn("user", question));
        return new PreferencePair(id, null, 1, PreferencePair.Side.rendered(prompt, chosen),
                PreferencePair.Side.rendered(prompt, rejected), Set.of());
    }
}
