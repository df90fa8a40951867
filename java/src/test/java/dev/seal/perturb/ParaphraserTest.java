package dev.seal.perturb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.seal_h;
import dev.seal.cli.DemoCommandAccess;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.engine.SealException;
import dev.seal.gguf.DemoModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the paraphrase kind asks the model, and what it makes of the answers: crafted rewrites stand in for the
 * generator's output, so each validator verdict is checked on a known text (a tiny random model writes gibberish).
 */
class ParaphraserTest {
    static final List<Turn> PROMPT = List.of(new Turn("user", "Hi there."), new Turn("assistant", "Hello! What can I do?"),
            new Turn("user", "How do I bake bread at home?"));
    static final String CHOSEN = "Mix flour, water, salt and yeast, knead it, let it rise, then bake it.";
    static final String REJECTED = "No. Figure it out yourself, I do not care.";
    static final PreferencePair PAIR = new PreferencePair("p1", null, 1, PreferencePair.Side.rendered(PROMPT, CHOSEN),
            PreferencePair.Side.rendered(PROMPT, REJECTED), Set.of());

    @TempDir
    Path dir;

    static Generator.Output said(String text) {
        return new Generator.Output(new int[] {1, 2, 3}, text, Generator.Finish.END_OF_TURN, 0);
    }

    @Test
    void theModelIsAskedTheInstructionThenTheTextInOneUserMessageEachPartOnce() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            Paraphraser.Settings s = Paraphraser.Settings.defaults();
            for (String words : List.of("vocabulary and grammar", "meaning", "intent", "intensity", "\"Human:\"",
                    "\"Assistant:\"")) {
                assertTrue(s.instruction().contains(words), "the paper's instruction: " + words);
            }
            Paraphraser p = new Paraphraser(m, null, s, 7, Target.BOTH, 2);
            String turns = "\n\nHuman: Is this kept?\n\nAssistant: Yes, as written.";
            String rendered = p.prompt(turns);
            assertEquals(m.renderChat(List.of(new Turn("user", s.instruction() + "\n\n" + turns)), true, null), rendered);
            assertTrue(rendered.contains(s.instruction() + "\n\n" + turns), "instruction, blank line, the text: " + rendered);

            List<Paraphraser.Item> items = p.plan(List.of(PAIR), true);
            // per copy: the request the two sides share (once), then each side's response
            assertEquals(List.of("request", "chosen response", "rejected response", "request", "chosen response",
                    "rejected response"), items.stream().map(Paraphraser.Item::part).toList());
            assertEquals(List.of(PROMPT.getLast().content(), CHOSEN, REJECTED),
                    items.subList(0, 3).stream().map(Paraphraser.Item::text).toList());
            for (Paraphraser.Item item : items) {
                assertArrayEquals(m.tokenize(p.prompt(item.text()), false, true), item.generate().prompt(), item.part());
                int textTokens = m.tokenize(item.text(), false, false).length;
                assertEquals((int) Math.ceil(2.0 * textTokens) + Paraphraser.SLACK_TOKENS,
                        item.generate().sampling().maxTokens(), "automatic max tokens: the upper length bound");
                assertEquals(List.of(), item.generate().stops());
            }
            int[] seeds = items.stream().mapToInt(i -> i.generate().sampling().seed()).toArray();
            assertEquals(seeds[1], seeds[2], "a part's two sides start from one stream");
            assertNotEquals(seeds[0], seeds[1], "prompt and response have their own streams");
            assertNotEquals(seeds[1], seeds[4], "each copy has its own stream");
            assertEquals(seeds[1], new Paraphraser(m, null, s, 7, Target.RESPONSE, 2).plan(List.of(PAIR), true)
                    .getFirst().generate().sampling().seed(), "the seed depends on the pair, copy and part alone");
        }
    }

    @Test
    void rawModeAndTheChatTemplateCheck() throws Exception {
        NativeTests.requireNative();
        Path bare = DemoModel.write(dir.resolve("notemplate.gguf"), DemoModel.Spec.defaults());
        try (Model m = Model.load(bare, Model.Options.defaults())) {
            Paraphraser.Settings chat = new Paraphraser.Settings("Say it again.", null, false, 0.8f, 0.95f, 5, 0.5, 2);
            SealException e = assertThrows(SealException.class, () -> new Paraphraser(m, null, chat, 0, Target.RESPONSE, 1));
            assertEquals(seal_h.SEAL_E_TEMPLATE(), e.status());
            assertTrue(e.getMessage().contains("no chat template") && e.getMessage().contains("--raw"), e.getMessage());

            Paraphraser.Settings raw = new Paraphraser.Settings("Say it again.", null, true, 0.8f, 0.95f, 5, 0.5, 2);
            Paraphraser p = new Paraphraser(m, null, raw, 0, Target.RESPONSE, 1);
            assertEquals("Say it again.\n\nText: Bake it.\n\nRewritten text:", p.prompt("Bake it."));
            Paraphraser.Item item = p.plan(List.of(PAIR), true).getFirst();
            assertArrayEquals(m.tokenize(p.prompt(CHOSEN), true, false), item.generate().prompt());
            assertEquals(5, item.generate().sampling().maxTokens(), "max tokens as given");
            assertEquals(List.of("\n\nText: "), item.generate().stops(), "a base model stops at its next text");

            Paraphraser.Settings given = new Paraphraser.Settings("Say it again.", DemoCommandAccess.TEMPLATE, false,
                    0.8f, 0.95f, 5, 0.5, 2);
            assertTrue(new Paraphraser(m, null, given, 0, Target.RESPONSE, 1).prompt("Bake it.").contains("Bake it."));
        }
    }

    @Test
    void goodRewritesBecomeCopiesAndEveryBadOneIsAFailureWithItsReasonAndTheRewrite() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            Paraphraser p = new Paraphraser(m, null, Paraphraser.Settings.defaults(), 3, Target.RESPONSE, 1);
            List<Paraphraser.Item> items = p.plan(List.of(PAIR), true);
            assertEquals(2, items.size());
            String goodChosen = "Combine flour, water, salt and yeast, work the dough, let it prove, and bake.";
            String goodRejected = "No. Work it out on your own, I don't care.";
            Perturber.Copy copy = assertInstanceOf(Perturber.Copy.class, p.assemble(List.of(PAIR), true, items,
                    List.of(said("  " + goodChosen + "\n"), said(goodRejected))).getFirst().getFirst());
            assertEquals("p1::paraphrase", copy.id());
            assertEquals(PAIR.chosen().raw().replace(CHOSEN, goodChosen), copy.chosenText(), "only the response, stripped");
            assertEquals(PAIR.rejected().raw().replace(REJECTED, goodRejected), copy.rejectedText());

            Generator.Output good = said(goodRejected);
            Generator.Output cut = new Generator.Output(new int[5], "Combine flour, water", Generator.Finish.MAX_TOKENS, 0);
            Generator.Output failed = new Generator.Output(new int[0], "", Generator.Finish.FAILED, seal_h.SEAL_E_TOO_LONG());
            record Case(String reason, Generator.Output chosen, String shown) {}
            for (Case c : List.of(
                    new Case(ParaphraseValidator.TURNS_CHANGED, said(goodChosen + "\n\nHuman: And then?"), "And then?"),
                    new Case(ParaphraseValidator.TURNS_CHANGED, said("Assistant: " + goodChosen), "Assistant: "),
                    new Case(ParaphraseValidator.IDENTICAL, said(CHOSEN.replace(" ", "  ")), CHOSEN.replace(" ", "  ")),
                    new Case(ParaphraseValidator.EMPTY, said(" \n "), "\"\""),
                    new Case(ParaphraseValidator.TOO_SHORT, said("Bake it."), "Bake it."),
                    new Case(ParaphraseValidator.TOO_LONG, said(goodChosen.repeat(3)), goodChosen),
                    new Case(Paraphraser.INCOMPLETE, cut, "Combine flour, water"),
                    new Case(Paraphraser.NOT_GENERATED, failed, "too_long"))) {
                Perturber.Failure f = assertInstanceOf(Perturber.Failure.class, p.assemble(List.of(PAIR), true, items,
                        List.of(c.chosen(), good)).getFirst().getFirst(), c.reason());
                assertEquals(c.reason(), f.reason(), f.detail());
                assertEquals("p1::paraphrase", f.id());
                assertTrue(f.detail().startsWith("paraphrase of the chosen response "), f.detail());
                assertTrue(f.detail().contains(c.shown()), "the rewrite is shown: " + f.detail());
            }
        }
    }

    @Test
    void tablesGetTheirRewrittenRequestAndATableThatCannotHoldACopySaysWhy() throws Exception {
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            Paraphraser p = new Paraphraser(m, null, Paraphraser.Settings.defaults(), 3, Target.PROMPT, 1);
            PreferencePair.Side other = PreferencePair.Side.rendered(List.of(new Turn("user", "Another question?")),
                    REJECTED);
            PreferencePair split = new PreferencePair("p2", null, 2, PAIR.chosen(), other, Set.of());
            List<PreferencePair> pairs = List.of(PAIR, split);
            List<Paraphraser.Item> items = p.plan(pairs, false);
            assertEquals(List.of("request"), items.stream().map(Paraphraser.Item::part).toList(),
                    "nothing asked for a pair whose copy a table cannot hold");
            String ask = "What is the way to make bread in my own kitchen?";
            List<List<Perturber.Result>> r = p.assemble(pairs, false, items, List.of(said(ask)));
            Perturber.Copy copy = assertInstanceOf(Perturber.Copy.class, r.get(0).getFirst());
            assertEquals(PROMPT.subList(0, 2), copy.prompt().subList(0, 2));
            assertEquals(new Turn("user", ask), copy.prompt().getLast());
            assertEquals(CHOSEN, copy.chosen());
            assertNull(copy.chosenText());
            assertEquals(Perturber.PROMPT_DIFFERS, assertInstanceOf(Perturber.Failure.class, r.get(1).getFirst()).reason());
        }
    }
}
