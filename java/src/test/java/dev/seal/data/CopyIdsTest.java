package dev.seal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The copy ids seal perturb writes and seal similarity and seal analyze --perturbed read. */
class CopyIdsTest {
    @Test
    void idsCarrySourceAndKind() {
        assertEquals(new CopyIds.Parsed("r17", "positive"), CopyIds.parse("r17::positive"));
        assertEquals(new CopyIds.Parsed("r17", "positive"), CopyIds.parse("r17::positive::2"));
        assertEquals(new CopyIds.Parsed("a::b", "k"), CopyIds.parse("a::b::k::3"));
        assertEquals(new CopyIds.Parsed("p1", "3"), CopyIds.parse("p1::3")); // a number alone is a kind
        assertNull(CopyIds.parse("r17"));
        assertNull(CopyIds.parse("::k"));
    }

    @Test
    void madeIdsParseBack() {
        assertEquals("p1::typos", CopyIds.of("p1", "typos", 0));
        assertEquals("p1::typos::2", CopyIds.of("p1", "typos", 2));
        assertEquals(new CopyIds.Parsed("a::b", "case"), CopyIds.parse(CopyIds.of("a::b", "case", 2)));
    }
}
