package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A scorer and the model it was opened on close in either order: closing the model first leaves the scorer working
 * (libseal frees the model with its last scorer), a closed model refuses new scorers, and closing twice does nothing.
 */
class ScorerLifetimeTest {
    static TokenBatch batch(Model m) {
        TokenBatch.Builder b = TokenBatch.builder();
        for (int i = 0; i < 6; i++) {
            String prompt = "\n\nHuman: how do I keep question " + i + " short?\n\nAssistant:";
            b.add(m.tokenize(prompt + " Say less.", true, false), i);
            b.add(m.tokenize(prompt + " Nobody knows, really.", true, false), i);
        }
        return b.build();
    }

    @Test
    void aScorerKeepsScoringWithTheSameRewardsAfterItsModelIsClosed() throws Exception {
        Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
        TokenBatch b = batch(m);
        try (Scorer first = Scorer.open(m, Scorer.Options.defaults()); Scorer second = Scorer.open(m, Scorer.Options.defaults())) {
            Scorer.Result before = first.score(b);
            m.close();
            Scorer.Result after = first.score(b);
            assertEquals(0, after.stats().failed());
            assertArrayEquals(before.rewards(), after.rewards(), "rewards after the model was closed");
            second.close();  // the first scorer still holds the model
            assertArrayEquals(before.rewards(), first.score(b).rewards(), "rewards after a sibling scorer closed");
            assertTrue(Float.isFinite(before.reward(0, 0)));
            System.out.printf("seal-test: model closed before its two scorers: %d rewards unchanged after the close%n",
                    after.rewards().length);
        }
        m.close();  // a second close is a no-op
    }

    @Test
    void aClosedModelRefusesNewScorersWithAClearError() throws Exception {
        Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults());
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Scorer.open(m, Scorer.Options.defaults()));
        assertTrue(e.getMessage().contains("is closed") && e.getMessage().contains("scorer"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.tokenize("hi", true, false));
        m.close();
    }

    @Test
    void closingTheScorerFirstAndClosingTwiceAreSafe() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            TokenBatch b = batch(m);
            Scorer s = Scorer.open(m, Scorer.Options.defaults());
            float[] rewards = s.score(b).rewards();
            s.close();
            s.close();
            assertThrows(IllegalStateException.class, () -> s.score(b));
            try (Scorer again = Scorer.open(m, Scorer.Options.defaults())) {
                assertArrayEquals(rewards, again.score(b).rewards(), "a new scorer on the still-open model");
            }
        }
    }
}
