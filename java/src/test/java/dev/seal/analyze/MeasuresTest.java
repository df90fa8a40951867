package dev.seal.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.PreferencePair;
import dev.seal.format.PairFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-pair measures: the reward-shift angle, response similarity, regimes, built-in features. */
class MeasuresTest {
    @Test
    void everyFlagScoringPutsOnAPairIsAnAmbiguityFlag() {
        // the flags column of a scores file: the readers' and the formatter's; analyze splits resistance by each
        for (String flag : List.of(PreferencePair.FLAG_PROMPT_DIFFERS, PreferencePair.FLAG_EMPTY_RESPONSE,
                PairFormatter.FLAG_TRUNCATED, PairFormatter.FLAG_SPECIAL_TOKEN_TEXT)) {
            assertTrue(Ambiguity.SCORE_FLAGS.contains(flag), flag + " is not split on");
            assertTrue(Ambiguity.FLAGS.containsKey(flag), flag + " has no description");
        }
    }

    @Test
    void angleFollowsTheSealNotebookConvention() {
        assertEquals(90, RewardShift.angle(1, 0, 0, 1), 1e-12);
        assertEquals(-90, RewardShift.angle(0, 1, 1, 0), 1e-12);
        assertEquals(0, RewardShift.angle(2, 1, 4, 2), 1e-12);
        assertEquals(180, RewardShift.angle(1, 1, -1, -1), 1e-12);
        assertTrue(Double.isNaN(RewardShift.angle(0, 0, 1, 1)));
        // SEAL analysis/functions.py compute_angle: degrees(arccos(cos)), negated when cross(v1, v2) < 0
        Random rnd = new Random(5);
        for (int i = 0; i < 1000; i++) {
            double a1 = rnd.nextGaussian();
            double a2 = rnd.nextGaussian();
            double b1 = rnd.nextGaussian();
            double b2 = rnd.nextGaussian();
            double cos = (a1 * b1 + a2 * b2) / Math.sqrt((a1 * a1 + a2 * a2) * (b1 * b1 + b2 * b2));
            double deg = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
            double paper = a1 * b2 - a2 * b1 < 0 ? -deg : deg;
            assertEquals(paper, RewardShift.angle(a1, a2, b1, b2), 1e-6);
        }
    }

    @Test
    void similarityIsWordLevelEditDistance() {
        assertEquals(1, Ambiguity.similarity("Hello, World!", "hello world"));
        assertEquals(0.75, Ambiguity.similarity("the cat sat down", "the dog sat down"), 1e-12);
        assertEquals(0, Ambiguity.similarity("a b", "c d e f"), 1e-12);
        assertEquals(1, Ambiguity.similarity("", "  "));
        String longA = "w ".repeat(2500);
        String longB = "w ".repeat(2000) + "x ".repeat(500);
        assertEquals(0.8, Ambiguity.similarity(longA, longB), 1e-12); // multiset overlap past 4M word pairs
    }

    @Test
    void regimesFromTheTwoModelsAlignment() {
        assertEquals(Regime.STAYED_ALIGNED, Regime.of(true, true));
        assertEquals(Regime.GOT_ALIGNED, Regime.of(false, true));
        assertEquals(Regime.RESISTED, Regime.of(false, false));
        assertEquals(Regime.REVERSED, Regime.of(true, false));
    }

    @Test
    void builtinFeaturesOnTypicalResponses() {
        assertEquals(1, feature("refusal_phrase", "I'm sorry, but I can't help with that."));
        assertEquals(1, feature("refusal_phrase", "As an AI, I do not have opinions."));
        assertEquals(0, feature("refusal_phrase", "Sure, here is how to bake bread."));
        assertEquals(1, feature("list", "Steps:\n1. Mix\n2. Knead\n3. Bake"));
        assertEquals(0, feature("list", "1. Only one"));
        assertEquals(1, feature("code", "Try:\n```\nprint(1)\n```"));
        assertEquals(1, feature("url", "See https://example.org for more."));
        assertEquals(1, feature("affirmation", "Of course! Here you go."));
        assertEquals(1, feature("ai_self_reference", "I'm just a computer program."));
        assertEquals(0.013, feature("length_chars", "x".repeat(12) + "\uD83D\uDE00"), 1e-12); // code points, not chars
        assertEquals(1.5, BuiltinFeatures.definition("length_tokens").compute()
                .applyAsDouble(new BuiltinFeatures.Text("", 150)), 1e-12);
    }

    private static double feature(String name, String text) {
        return BuiltinFeatures.definition(name).compute().applyAsDouble(new BuiltinFeatures.Text(text, 0));
    }
}
