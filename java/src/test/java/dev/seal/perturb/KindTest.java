package dev.seal.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
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

    @Test
    void typosEditOnlyLettersAboutOneInTwenty() {
        long letters = TEXT.chars().filter(Character::isLetter).count();
        for (long seed = 0; seed < 50; seed++) {
            String t = apply(Kind.TYPOS, TEXT, seed);
            assertNotEquals(TEXT, t);
            assertEquals(TEXT.replaceAll("\\p{L}", ""), t.replaceAll("\\p{L}", ""), "non-letters kept: " + t);
            // a drop or a double changes the length by one, a swap by none
            assertTrue(Math.abs(t.length() - TEXT.length()) <= letters / 20, t);
        }
        assertEquals("", apply(Kind.TYPOS, "", 1));
        assertEquals("123 !?", apply(Kind.TYPOS, "123 !?", 1), "nothing to misspell");
    }

    @Test
    void caseFlipsCaseOnly() {
        for (long seed = 0; seed < 50; seed++) {
            String t = apply(Kind.CASE, TEXT, seed);
            assertNotEquals(TEXT, t);
            assertEquals(TEXT.toLowerCase(Locale.ROOT), t.toLowerCase(Locale.ROOT));
        }
        assertEquals("A", apply(Kind.CASE, "a", 9), "at least one letter flips");
    }

    @Test
    void whitespaceChangesSpacesOnlyAndNeverNewlines() {
        for (long seed = 0; seed < 50; seed++) {
            String t = apply(Kind.WHITESPACE, TEXT, seed);
            assertNotEquals(TEXT, t);
            assertEquals(TEXT.replace(" ", ""), t.replace(" ", ""));
            assertEquals(count(TEXT, '\n'), count(t, '\n'));
            long edits = Math.max(1, count(TEXT, ' ') / 5);
            assertTrue(Math.abs(count(t, ' ') - count(TEXT, ' ')) <= 2 * edits, t);
        }
    }

    @Test
    void punctuationChangesMarksOnly() {
        for (long seed = 0; seed < 50; seed++) {
            String t = apply(Kind.PUNCTUATION, TEXT, seed);
            assertNotEquals(TEXT, t);
            assertEquals(TEXT.replaceAll("[.,!?;:]", ""), t.replaceAll("[.,!?;:]", ""));
        }
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
