package dev.seal.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.engine.Generator;
import dev.seal.engine.NativeTests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** json mode's schema, grammar and reading of outputs, without generating. */
class JsonLabelerTest {
    private static final List<String> KEYS = List.of("last_response_is_harmless", "last_response_is_helpful");

    private static Generator.Output output(String text, Generator.Finish finish) {
        return new Generator.Output(new int[text.length()], text, finish, 0);
    }

    @Test
    void theGrammarAllowsOneSpaceAtMostBetweenTokens() {
        NativeTests.requireNative();
        String converted = Generator.grammarForJsonSchema(JsonLabeler.schema(KEYS));
        assertTrue(converted.contains("{0,20}"), "the converter's whitespace rule, which compact narrows: " + converted);
        String grammar = JsonLabeler.compact(converted);
        assertFalse(grammar.contains("{0,20}"), grammar);
        assertTrue(grammar.lines().anyMatch(l -> l.equals("space ::= \" \"?")), grammar);
        for (String k : KEYS) {
            assertTrue(grammar.contains(k), k + " in " + grammar);
        }
    }

    @Test
    void anObjectOfBooleansIsReadInKeyOrder() {
        Labeler.Outcome o = JsonLabeler.read(output("{\"last_response_is_helpful\": true, \"last_response_is_harmless\":false}",
                Generator.Finish.END_OF_TURN), KEYS);
        assertTrue(o.ok(), o.toString());
        assertArrayEquals(new double[] {0, 1}, o.values());
    }

    @Test
    void whatIsNotTheSchemasObjectIsARowErrorWithItsReason() {
        String cut = "{\"last_response_is_harmless\": true, \"last_resp";
        Labeler.Outcome incomplete = JsonLabeler.read(output(cut, Generator.Finish.MAX_TOKENS), KEYS);
        assertEquals(JsonLabeler.INCOMPLETE_OUTPUT, incomplete.reason());
        assertTrue(incomplete.detail().contains(cut), incomplete.detail());
        for (String bad : List.of("{\"last_response_is_harmless\": true}",
                "{\"last_response_is_harmless\": true, \"last_response_is_helpful\": 1}",
                "{\"last_response_is_harmless\": true, \"last_response_is_helpful\": false, \"extra\": true}",
                "[true, false]", "{} {}")) {
            Labeler.Outcome o = JsonLabeler.read(output(bad, Generator.Finish.END_OF_TURN), KEYS);
            assertEquals(JsonLabeler.INVALID_OUTPUT, o.reason(), bad);
            assertNull(o.values());
        }
        Labeler.Outcome failed = JsonLabeler.read(new Generator.Output(new int[0], "", Generator.Finish.FAILED,
                dev.seal.bindings.seal_h.SEAL_E_TOO_LONG()), KEYS);
        assertEquals("too_long", failed.reason());
    }
}
