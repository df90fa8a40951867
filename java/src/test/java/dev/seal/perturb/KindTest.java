package dev.seal.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each deterministic kind does what the README says it does, and only that, for many seeds. */
class KindTest {
    static final String TEXT = "Sure, I can help with that. First, knead the dough for ten minutes; then let it"
            + " rise.\nBake it at 220 degrees: it takes about thirty minutes! Any questions?";

    static String apply(Kind k, String text, long seed) {
        return k.apply(text, new SplittableRandom(seed));
    }

    static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    @Test
    void sameSeedSameTextDifferentSeedsDiffer() {
        for (Kind k : Kind.values()) {
            assertEquals(apply(k, TEXT, 3), apply(k, TEXT, 3), k.id());
            long distinct = IntStream.range(0, 20).mapToObj(s -> apply(k, TEXT, s)).distinct().count();
            assertTrue(distinct > 1, k.id() + " gives one text for 20 seeds");
        }
    }

    /** For 50 seeds the kind changes the text, and {@code kept} (what the kind must not touch) is the same. */
    static void changesOnly(Kind k, UnaryOperator<String> kept) {
        for (long seed = 0; seed < 50; seed++) {
            String t = apply(k, TEXT, seed);
            assertNotEquals(TEXT, t, k.id() + " seed " + seed);
            assertEquals(kept.apply(TEXT), kept.apply(t), k.id() + " touched more than it may: " + t);
        }
    }

    @Test
    void typosEditOnlyLettersAboutOneInTwenty() {
        changesOnly(Kind.TYPOS, s -> s.replaceAll("\\p{L}", ""));
        long letters = TEXT.chars().filter(Character::isLetter).count();
        for (long seed = 0; seed < 50; seed++) {
            // a drop or a double changes the length by one, a swap by none
            assertTrue(Math.abs(apply(Kind.TYPOS, TEXT, seed).length() - TEXT.length()) <= letters / 20);
        }
        assertEquals("", apply(Kind.TYPOS, "", 1));
        assertEquals("123 !?", apply(Kind.TYPOS, "123 !?", 1), "nothing to misspell");
    }

    @Test
    void caseFlipsCaseOnly() {
        changesOnly(Kind.CASE, s -> s.toLowerCase(Locale.ROOT));
        assertEquals("A", apply(Kind.CASE, "a", 9), "at least one letter flips");
    }

    @Test
    void whitespaceChangesSpacesOnlyAndNeverNewlines() {
        changesOnly(Kind.WHITESPACE, s -> s.replace(" ", ""));
        long edits = Math.max(1, count(TEXT, ' ') / 5);
        for (long seed = 0; seed < 50; seed++) {
            assertTrue(Math.abs(count(apply(Kind.WHITESPACE, TEXT, seed), ' ') - count(TEXT, ' ')) <= 2 * edits);
        }
    }

    @Test
    void punctuationChangesMarksOnly() {
        changesOnly(Kind.PUNCTUATION, s -> s.replaceAll("[.,!?;:]", ""));
        assertEquals("", apply(Kind.PUNCTUATION, "", 1));
    }

    @Test
    void sentimentAddsOneOpenerOrCloserAndKeepsTheText() {
        assertPhrase(Kind.POSITIVE, Phrases.POSITIVE_OPENERS, Phrases.POSITIVE_CLOSERS);
        assertPhrase(Kind.NEGATIVE, Phrases.NEGATIVE_OPENERS, Phrases.NEGATIVE_CLOSERS);
        assertPhrase(Kind.REFUSAL, Phrases.REFUSALS, List.of());
    }

    private static void assertPhrase(Kind k, List<String> openers, List<String> closers) {
        boolean opened = false;
        boolean closed = closers.isEmpty();
        for (long seed = 0; seed < 40; seed++) {
            String t = apply(k, TEXT, seed);
            boolean o = openers.stream().anyMatch(p -> t.equals(p + " " + TEXT));
            boolean c = closers.stream().anyMatch(p -> t.equals(TEXT + " " + p));
            assertTrue(o || c, k.id() + ": " + t);
            opened |= o;
            closed |= c;
        }
        assertTrue(opened && closed, k.id() + " uses both positions");
        assertTrue(openers.contains(apply(k, "", 1)) || closers.contains(apply(k, "", 1)), "an empty text");
    }

    @Test
    void paddingAtLeastDoublesTheTextWithFillersOnly() {
        for (long seed = 0; seed < 20; seed++) {
            String t = apply(Kind.PADDING, TEXT, seed);
            assertTrue(t.startsWith(TEXT + " ") && t.length() >= 2 * TEXT.length(), t);
            String rest = t.substring(TEXT.length() + 1);
            for (String f : Phrases.FILLERS) {
                rest = rest.replace(f, "");
            }
            assertEquals("", rest.strip().replace(" ", ""), "only filler sentences added: " + t);
        }
        assertTrue(Phrases.FILLERS.contains(apply(Kind.PADDING, "", 1)));
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "Nice 😀 work, well 😀 done. 😀";
        for (Kind k : Kind.values()) {
            for (long seed = 0; seed < 30; seed++) {
                String t = apply(k, emoji, seed);
                assertEquals(count(emoji, '\uD83D'), count(t, '\uD83D'), k.id() + ": " + t);
                assertTrue(t.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), k.id() + ": " + t);
            }
        }
    }

    @Test
    void kindListsParseByNameOnceEach() {
        assertEquals(List.of(Kind.TYPOS, Kind.CASE), Kind.parseList("typos, case,typos"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kind.parseList("typo"));
        assertTrue(e.getMessage().contains("'typo'") && e.getMessage().contains("refusal"), e.getMessage());
    }
}
