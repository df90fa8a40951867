package dev.seal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seal.data.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which turns --truncate left may drop: whole exchanges from the front, never a system message or the last question. */
class EarliestTurnsTest {
    static final Turn SYS = new Turn("system", "be brief");
    static final Turn U1 = new Turn("user", "u1");
    static final Turn A1 = new Turn("assistant", "a1");
    static final Turn U2 = new Turn("user", "u2");
    static final Turn A2 = new Turn("assistant", "a2");
    static final Turn U3 = new Turn("user", "u3");

    @Test
    void dropsWholeExchangesKeepingSystemMessagesAndTheLastUserTurn() {
        List<Turn> prompt = List.of(SYS, U1, A1, U2, A2, U3);
        assertEquals(2, EarliestTurns.levels(prompt));
        assertEquals(prompt, EarliestTurns.drop(prompt, 0));
        assertEquals(List.of(SYS, U2, A2, U3), EarliestTurns.drop(prompt, 1));
        assertEquals(List.of(SYS, U3), EarliestTurns.drop(prompt, 2));
        assertEquals(List.of(SYS, U3), EarliestTurns.drop(prompt, 9), "past the last level: the last one");
    }

    @Test
    void aSingleQuestionHasNothingToDrop() {
        assertEquals(0, EarliestTurns.levels(List.of(SYS, U1)));
        assertEquals(List.of(SYS, U1), EarliestTurns.drop(List.of(SYS, U1), 1));
    }

    @Test
    void consecutiveUserTurnsAndALeadingAssistantTurnAreCutAtEachUserTurn() {
        // hh-rlhf has both: two Human turns in a row, and dialogues opening with an Assistant turn
        List<Turn> prompt = List.of(A1, U1, U2, A2, SYS, U3);
        assertEquals(3, EarliestTurns.levels(prompt));
        assertEquals(List.of(U1, U2, A2, SYS, U3), EarliestTurns.drop(prompt, 1));
        assertEquals(List.of(U2, A2, SYS, U3), EarliestTurns.drop(prompt, 2));
        assertEquals(List.of(SYS, U3), EarliestTurns.drop(prompt, 3), "a later system message is kept too");
    }
}
