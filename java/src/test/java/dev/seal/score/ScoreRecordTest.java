package dev.seal.score;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreRecordTest {
    static ScoreRecord rec(float chosen, float rejected) {
        return new ScoreRecord("a", 1, new float[] {chosen}, new float[] {rejected}, 10, 12, 4, Set.of());
    }

    @Test
    void marginAndAgreementUsePrimaryLabel() {
        ScoreRecord r = new ScoreRecord("a", 1, new float[] {1.5f, -9f}, new float[] {0.25f, 9f}, 10, 12, 4, Set.of());
        assertEquals(1.25f, r.margin(), 0f);
        assertTrue(r.agreement());
        assertFalse(r.tie());
        assertEquals(2, r.labels());
    }

    @Test
    void marginIsFloatArithmetic() {
        ScoreRecord r = rec(0.1f, 0.3f);
        assertEquals(0.1f - 0.3f, r.margin(), 0f);
    }

    @Test
    void tieIsNotAgreement() {
        ScoreRecord r = rec(2f, 2f);
        assertTrue(r.tie());
        assertFalse(r.agreement());
        assertEquals(0f, r.margin(), 0f);
    }

    @Test
    void disagreement() {
        ScoreRecord r = rec(-1f, 3f);
        assertFalse(r.agreement());
        assertFalse(r.tie());
        assertEquals(-4f, r.margin(), 0f);
    }

    @Test
    void nanIsNeitherAgreementNorTie() {
        for (ScoreRecord r : List.of(rec(Float.NaN, 1f), rec(1f, Float.NaN), rec(Float.NaN, Float.NaN))) {
            assertFalse(r.agreement());
            assertFalse(r.tie());
            assertTrue(r.hasNaN());
            assertTrue(Float.isNaN(r.margin()));
        }
        assertFalse(rec(1f, 2f).hasNaN());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        float[] c = {1f};
        ScoreRecord r = new ScoreRecord("a", 1, c, new float[] {0f}, 1, 1, 0, Set.of());
        c[0] = 99f;
        r.chosen()[0] = 42f;
        assertEquals(1f, r.chosenReward(), 0f);
    }

    @Test
    void flagsSortedAndJoined() {
        ScoreRecord r = new ScoreRecord("a", 1, new float[] {1f}, new float[] {0f}, 1, 1, 0,
                Set.of("truncated", "prompt_differs"));
        assertEquals(List.of("prompt_differs", "truncated"), List.copyOf(r.flags()));
        assertEquals("prompt_differs;truncated", r.flagsJoined());
        assertEquals("", rec(1f, 0f).flagsJoined());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreRecord("a", 1, new float[] {1f, 2f}, new float[] {1f}, 1, 1, 0, Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreRecord("a", 1, new float[0], new float[0], 1, 1, 0, Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreRecord("a", 1, new float[] {1f}, new float[] {1f}, 3, 5, 4, Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreRecord("a", 1, new float[] {1f}, new float[] {1f}, -1, 5, 0, Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreRecord("a", 1, new float[] {1f}, new float[] {1f}, 1, 1, 0, Set.of("a;b")));
        assertThrows(NullPointerException.class,
                () -> new ScoreRecord(null, 1, new float[] {1f}, new float[] {1f}, 1, 1, 0, Set.of()));
    }

    @Test
    void equalityByContent() {
        assertEquals(rec(1f, 2f), rec(1f, 2f));
        assertEquals(rec(1f, 2f).hashCode(), rec(1f, 2f).hashCode());
        assertNotEquals(rec(1f, 2f), rec(1f, 2.5f));
    }
}
