package dev.seal.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.seal.data.PreferencePair;
import dev.seal.data.Texts;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the prober reads is the labeler's whole prompt, tokenized as one text and cut where the question starts: the
 * tiny llama's SentencePiece vocabulary adds a space to the start of a text, which a question tokenized alone would
 * get and the whole prompt has not.
 */
class PromptsTest {
    @Test
    void aTextAndItsQuestionAreTheRenderedPromptOfThatQuestion() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            Taxonomy t = Taxonomy.defaults();
            Prompts p = new Prompts(m, t, false, null);
            PreferencePair.Side side = PreferencePair.Side.rendered(
                    List.of(new Turn("user", "How do I fix a bike?")), "Check the chain.");
            int[] text = p.text(side);
            List<String> questions = List.copyOf(t.questions().values());
            for (int q = 0; q < questions.size(); q++) {
                String whole = m.renderChat(List.of(new Turn("user", t.instruction() + "\n"
                        + Texts.renderHh(side.prompt(), side.response()) + "\n\n" + questions.get(q))), true, null);
                int[] branch = p.questions().get(q);
                int[] joined = Arrays.copyOf(text, text.length + branch.length);
                System.arraycopy(branch, 0, joined, text.length, branch.length);
                assertArrayEquals(m.tokenize(whole, false, true), joined, questions.get(q));
            }
            int[] yesNo = p.candidates();
            assertNotEquals(yesNo[0], yesNo[1]);
            assertEquals(m.tokenize("Yes", false, false)[0], yesNo[0], "the answer opens the assistant's turn");
        }
    }

    @Test
    void rawTextsAndQuestionsAndTheAnswerAreTokenizedAsOnePrompt() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            Taxonomy t = Taxonomy.defaults();
            Prompts p = new Prompts(m, t, true, null);
            PreferencePair.Side side = PreferencePair.Side.rendered(
                    List.of(new Turn("user", "How do I fix a bike?")), "Check the chain.");
            int[] text = p.text(side);
            String question = "\n\nQuestion: " + t.questions().values().iterator().next() + "\nAnswer:";
            int[] whole = m.tokenize(t.instruction() + "\n" + side.raw() + question + " " + t.yes(), true, false);
            int[] branch = p.questions().get(0);
            int[] joined = Arrays.copyOf(text, text.length + branch.length + 1);
            System.arraycopy(branch, 0, joined, text.length, branch.length);
            joined[joined.length - 1] = p.candidates()[0];
            assertArrayEquals(whole, joined, "text, question (with any tokens the answers share) and the yes token");
        }
    }
}
