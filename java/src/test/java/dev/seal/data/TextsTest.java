package dev.seal.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {
    private static String reason(String text) {
        return assertThrows(RowProblem.class, () -> Texts.check("f", text)).reason();
    }

    @Test
    void findsUnpairedSurrogatesOnly() {
        assertEquals(-1, Texts.loneSurrogateAt("ok \uD83D\uDE00 emoji"));
        assertEquals(1, Texts.loneSurrogateAt("a\uD800b"));
        assertEquals(1, Texts.loneSurrogateAt("a\uDC00"));
        assertEquals(0, Texts.loneSurrogateAt("\uDE00\uD83D")); // a pair in the wrong order
        assertEquals(2, Texts.loneSurrogateAt("ab\uD800"));
    }

    @Test
    void checkNamesEachProblem() {
        assertEquals(RowError.LONE_SURROGATE, reason("x\uD800"));
        assertEquals(RowError.NUL_BYTE, reason("a\0b"));
        assertEquals(RowError.EMPTY_TEXT, reason(""));
        assertEquals(RowError.EMPTY_TEXT, reason(" \t\n"));
        assertEquals(RowError.EMPTY_TEXT, reason("\u00A0\u2007\u202F")); // no-break spaces: isBlank() misses them
        assertDoesNotThrow(() -> Texts.check("f", " x "));
    }

    @Test
    void rendersHhStyle() {
        List<Turn> prompt = List.of(new Turn("system", "be nice"), new Turn("user", "hi"), new Turn("assistant", "yo"),
                new Turn("user", "and?"));
        assertEquals("\n\nSystem: be nice\n\nHuman: hi\n\nAssistant: yo\n\nHuman: and?\n\nAssistant: ok",
                Texts.renderHh(prompt, "ok"));
    }

    @Test
    void rendersThePromptAloneForTextPairsInTheSameShape() {
        List<Turn> prompt = List.of(new Turn("system", "be nice"), new Turn("user", "hi"), new Turn("assistant", "yo"),
                new Turn("user", "and?"));
        assertEquals("System: be nice\n\nHuman: hi\n\nAssistant: yo\n\nHuman: and?", Texts.renderHhPrompt(prompt));
        // the same turns as the full rendering, less its leading blank line and the response
        assertEquals(Texts.renderHh(prompt, "ok"), "\n\n" + Texts.renderHhPrompt(prompt) + "\n\nAssistant: ok");
    }
}
