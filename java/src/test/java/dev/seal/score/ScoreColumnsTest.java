package dev.seal.score;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScoreColumnsTest {
    static final List<String> FIXED = List.of("id", "prompt_id", "row", "chosen_reward", "rejected_reward", "margin", "agreement",
            "chosen_tokens", "rejected_tokens", "shared_tokens", "flags");

    @Test
    void singleLabelHasOnlyFixedColumns() {
        assertEquals(FIXED, ScoreColumns.of(List.of("score")).names());
    }

    @Test
    void fixedColumnTypes() {
        List<ScoreColumns.Type> types = ScoreColumns.of(List.of("x")).columns().stream()
                .map(ScoreColumns.Column::type).toList();
        assertEquals(List.of(ScoreColumns.Type.VARCHAR, ScoreColumns.Type.VARCHAR, ScoreColumns.Type.BIGINT, ScoreColumns.Type.FLOAT,
                ScoreColumns.Type.FLOAT, ScoreColumns.Type.FLOAT, ScoreColumns.Type.BOOLEAN,
                ScoreColumns.Type.INTEGER, ScoreColumns.Type.INTEGER, ScoreColumns.Type.INTEGER,
                ScoreColumns.Type.VARCHAR), types);
    }

    @Test
    void multiLabelAddsOnePairPerLabelInOrder() {
        List<String> names = ScoreColumns.of(List.of("Helpfulness", "Honesty & Safety", "verbosity")).names();
        assertEquals(FIXED, names.subList(0, FIXED.size()));
        assertEquals(List.of("chosen_helpfulness", "rejected_helpfulness", "chosen_honesty_safety",
                "rejected_honesty_safety", "chosen_verbosity", "rejected_verbosity"), names.subList(FIXED.size(), names.size()));
    }

    @Test
    void collisionsAreNumbered() {
        // "reward" would shadow chosen_reward; "A b" and "a-b" sanitize alike; "???" has nothing left.
        List<String> names = ScoreColumns.of(List.of("reward", "A b", "a-b", "???", "tokens")).names();
        assertEquals(List.of("chosen_reward_2", "rejected_reward_2", "chosen_a_b", "rejected_a_b",
                "chosen_a_b_2", "rejected_a_b_2", "chosen_label3", "rejected_label3",
                "chosen_tokens_2", "rejected_tokens_2"), names.subList(FIXED.size(), names.size()));
        assertEquals(names.size(), names.stream().distinct().count());
    }

    @Test
    void sanitize() {
        assertEquals("a_b_c", ScoreColumns.sanitize("__A  b--C__", 0));
        assertEquals("x2", ScoreColumns.sanitize("X2", 0));
        assertEquals("label7", ScoreColumns.sanitize("", 7));
        assertEquals("caf", ScoreColumns.sanitize("café", 0));
    }

    @Test
    void needsALabel() {
        assertThrows(IllegalArgumentException.class, () -> ScoreColumns.of(List.of()));
    }
}
