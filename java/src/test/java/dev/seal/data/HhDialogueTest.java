package dev.seal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HhDialogueTest {
    private static HhDialogue.Parsed parse(String text) throws RowProblem {
        return HhDialogue.parse("chosen", text);
    }

    private static RowProblem fails(String text) {
        return assertThrows(RowProblem.class, () -> parse(text));
    }

    @Test
    void splitsTurnsAndTakesTheLastAssistantTurnAsTheResponse() throws RowProblem {
        HhDialogue.Parsed p = parse("\n\nHuman: hi\n\nAssistant: hello\n\nHuman: how are you?\n\nAssistant: fine");
        assertEquals(List.of(new Turn("user", "hi"), new Turn("assistant", "hello"), new Turn("user", "how are you?")),
                p.prompt());
        assertEquals("fine", p.response());
    }

    @Test
    void removesOnlyTheOneSeparatingSpace() throws RowProblem {
        HhDialogue.Parsed p = parse("\n\nHuman:no space\n\nAssistant:  two spaces  \n");
        assertEquals("no space", p.prompt().getFirst().content());
        assertEquals(" two spaces  \n", p.response());
    }

    @Test
    void keepsHumanColonInsideContentAndExtraNewlines() throws RowProblem {
        HhDialogue.Parsed p = parse("\n\nHuman: a\n\nAssistant: b.  Human: c?\n\n\nHuman: d\n\nAssistant: e");
        assertEquals(new Turn("assistant", "b.  Human: c?\n"), p.prompt().get(1));
        assertEquals(new Turn("user", "d"), p.prompt().get(2));
        assertEquals("e", p.response());
    }

    @Test
    void acceptsATextWithoutTheLeadingBlankLine() throws RowProblem {
        HhDialogue.Parsed p = parse("Human: hi\n\nAssistant: yo");
        assertEquals(List.of(new Turn("user", "hi")), p.prompt());
        assertEquals("yo", p.response());
    }

    @Test
    void keepsAnEmptyFinalResponse() throws RowProblem {
        assertEquals("", parse("\n\nHuman: hi\n\nAssistant: ").response());
        assertEquals("", parse("\n\nHuman: hi\n\nAssistant:").response());
    }

    @Test
    void keepsRepeatedRolesAsWritten() throws RowProblem {
        HhDialogue.Parsed p = parse("\n\nHuman: a\n\nAssistant: b\n\nAssistant: c");
        assertEquals(List.of(new Turn("user", "a"), new Turn("assistant", "b")), p.prompt());
        assertEquals("c", p.response());
    }

    @Test
    void rejectsDialoguesWithoutAResponse() {
        assertTrue(fails("just some text").getMessage().contains("no '"));
        assertTrue(fails("\n\nHuman: only a question").getMessage().contains("no 'Assistant:' turn"));
        assertTrue(fails("\n\nHuman: a\n\nAssistant: b\n\nHuman: c").getMessage().contains("ends with a 'Human:'"));
        assertTrue(fails("\n\nAssistant: unprompted").getMessage().contains("no 'Human:' turn"));
        assertTrue(fails("preamble\n\nHuman: a\n\nAssistant: b").getMessage().contains("before the first turn"));
        assertEquals(RowError.UNPARSEABLE_DIALOGUE, fails("x").reason());
        assertEquals("chosen", fails("x").field());
    }

    @Test
    void toleratesWhitespaceBeforeTheFirstTurn() throws RowProblem {
        assertEquals("b", parse(" \n\nHuman: a\n\nAssistant: b").response());
    }

    @Test
    void renderingTheParsedTurnsGivesTheTextBack() throws RowProblem {
        String text = "\n\nHuman: a b\n\nAssistant:  c \n\nHuman: d\n\nAssistant: e\n";
        HhDialogue.Parsed p = parse(text);
        assertEquals(text, Texts.renderHh(p.prompt(), p.response()));
    }
}
