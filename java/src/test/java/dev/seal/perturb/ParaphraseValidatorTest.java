package dev.seal.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The paraphrase validator on crafted rewrites: each bad one rejected for its own reason, good ones accepted. */
class ParaphraseValidatorTest {
    static final String ORIGINAL = "\n\nHuman: How do I bake bread at home?\n\nAssistant: Mix flour, water, salt and"
            + " yeast, knead it, let it rise, then bake it.\n\nHuman: How long?\n\nAssistant: About forty minutes.";
    final ParaphraseValidator v = new ParaphraseValidator();

    void assertRejected(String reason, String rewrite) {
        ParaphraseValidator.Verdict verdict = v.check(ORIGINAL, rewrite);
        assertEquals(reason, verdict.reason(), String.valueOf(verdict.detail()));
        assertTrue(verdict.detail() != null && !verdict.detail().isBlank());
    }

    @Test
    void acceptsARewriteThatKeepsTheTurns() {
        String good = "\n\nHuman: What's the way to make bread in my own kitchen?\n\nAssistant: Combine flour, water,"
                + " salt and yeast, work the dough, leave it to prove, and bake.\n\nHuman: For how long?\n\nAssistant:"
                + " Roughly forty minutes.";
        assertTrue(v.check(ORIGINAL, good).accepted(), v.check(ORIGINAL, good).detail());
        assertTrue(v.check("Bake it for an hour.", "Put it in the oven for an hour.").accepted(), "no turns at all");
    }

    @Test
    void rejectsEmptyRewritesAndEmptiedTurns() {
        assertRejected(ParaphraseValidator.EMPTY, "");
        assertRejected(ParaphraseValidator.EMPTY, " \n\t ");
        assertRejected(ParaphraseValidator.EMPTY, ORIGINAL.replace("About forty minutes.", "  "));
    }

    @Test
    void rejectsLostAddedOrReorderedTurns() {
        assertRejected(ParaphraseValidator.TURNS_CHANGED, ORIGINAL.substring(0, ORIGINAL.indexOf("\n\nHuman: How long")));
        assertRejected(ParaphraseValidator.TURNS_CHANGED, ORIGINAL + "\n\nHuman: Thanks!");
        assertRejected(ParaphraseValidator.TURNS_CHANGED, ORIGINAL.replace("\n\nHuman: How long?", "\n\nAssistant:"
                + " How long?"));
        // a marker the model wrote as "User:" is not the dataset's role, and one turn fewer is found
        assertRejected(ParaphraseValidator.TURNS_CHANGED, ORIGINAL.replace("\n\nHuman: How long?", "\n\nUser: How long?"));
        // a marker without its blank line is content, so the turn is gone
        assertRejected(ParaphraseValidator.TURNS_CHANGED, ORIGINAL.replace("\n\nHuman: How long?", " Human: How long?"));
    }

    @Test
    void rejectsTheOriginalAgainWhitespaceAside() {
        assertRejected(ParaphraseValidator.IDENTICAL, ORIGINAL);
        assertRejected(ParaphraseValidator.IDENTICAL, "  " + ORIGINAL.replace("flour, water", "flour,   water") + "\n");
    }

    @Test
    void rejectsRewritesOutsideTheLengthBounds() {
        String shorter = "\n\nHuman: Bread?\n\nAssistant: Bake dough.\n\nHuman: Time?\n\nAssistant: 40 min.";
        assertRejected(ParaphraseValidator.TOO_SHORT, shorter);
        String longer = ORIGINAL.replace("About forty minutes.", "About forty minutes. " + "It depends a lot. ".repeat(20));
        assertRejected(ParaphraseValidator.TOO_LONG, longer);
        ParaphraseValidator loose = new ParaphraseValidator(0.1, 10);
        assertTrue(loose.check(ORIGINAL, shorter).accepted() && loose.check(ORIGINAL, longer).accepted(),
                "the bounds are configurable");
        assertThrows(IllegalArgumentException.class, () -> new ParaphraseValidator(1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new ParaphraseValidator(0.5, 0.9));
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        // 10 emoji are 10 characters (20 UTF-16 units): twice 5 characters is within the bound
        assertTrue(v.check("a b c", "😀😀😀😀😀😀😀😀😀😀").accepted());
        assertEquals(ParaphraseValidator.TOO_LONG, v.check("a b c", "😀".repeat(11)).reason());
    }
}
