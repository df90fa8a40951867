package dev.seal.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the formatter hands the RM, checked against an independent rendering and tokenization of what each side should
 * be: the model's own template (or text pair, or raw text) over that side's own turns.
 */
class PairFormatterTest {
    @TempDir
    static Path dir;

    static Path llama;
    static Path bert;

    /** Two answers to conversations that differ in an earlier assistant turn, as some hh-rlhf rows do. */
    static final String DIFFERING = "{\"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: b\\n\\nHuman: c\\n\\nAssistant: good\","
            + " \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: B!\\n\\nHuman: c\\n\\nAssistant: bad\"}";
    static final List<Turn> CHOSEN = List.of(new Turn("user", "a"), new Turn("assistant", "b"), new Turn("user", "c"),
            new Turn("assistant", "good"));
    static final List<Turn> REJECTED = List.of(new Turn("user", "a"), new Turn("assistant", "B!"),
            new Turn("user", "c"), new Turn("assistant", "bad"));

    @BeforeAll
    static void models() throws IOException {
        llama = NativeTests.tinyLlama();
        bert = TinyModels.bertClassifier(dir.resolve("bert.gguf"), TinyModels.BertSpec.defaults());
    }

    /** The first row of a JSON Lines file, read the way `seal score` reads it. */
    static PreferencePair read(String jsonl, Format format) throws IOException {
        Path f = Files.writeString(Files.createTempFile(dir, "pairs", ".jsonl"), jsonl + "\n");
        try (PairReader r = Datasets.open(f, format)) {
            return ((PairReader.Row.Ok) r.next()).pair();
        }
    }

    static PairFormatter formatter(Model m, PairFormatter.Mode mode) {
        return new PairFormatter(m, mode, null, 4096, PairFormatter.Truncation.ERROR);
    }

    static int[] chat(Model m, List<Turn> conversation) {
        return m.tokenize(m.renderChat(conversation, false, null), false, true);
    }

    @Test
    void chatTemplateScoresEachSideUnderItsOwnConversation() throws Exception {
        PreferencePair p = read(DIFFERING, Format.HH_RLHF);
        try (Model m = Model.load(llama, Model.Options.defaults())) {
            PairFormatter.Formatted t = formatter(m, PairFormatter.Mode.CHAT_TEMPLATE).format(p);
            assertArrayEquals(chat(m, CHOSEN), t.chosen());
            assertArrayEquals(chat(m, REJECTED), t.rejected(), "the rejected answer under its own conversation");
        }
    }

    @Test
    void rawModeScoresEachSideAsWritten() throws Exception {
        PreferencePair p = read(DIFFERING, Format.HH_RLHF);
        try (Model m = Model.load(llama, Model.Options.defaults())) {
            PairFormatter.Formatted t = formatter(m, PairFormatter.Mode.RAW).format(p);
            assertArrayEquals(m.tokenize("\n\nHuman: a\n\nAssistant: B!\n\nHuman: c\n\nAssistant: bad", true, false),
                    t.rejected());
        }
    }

    @Test
    void textPairModeGivesEachResponseItsOwnConversation() throws Exception {
        PreferencePair p = read(DIFFERING, Format.HH_RLHF);
        try (Model m = Model.load(bert, Model.Options.defaults())) {
            PairFormatter.Formatted t = formatter(m, PairFormatter.Mode.TEXT_PAIR).format(p);
            int sep = m.info().tokenSep() >= 0 ? m.info().tokenSep() : m.info().tokenEos();
            assertArrayEquals(textPair(m, "Human: a\n\nAssistant: b\n\nHuman: c", "good", sep), t.chosen());
            assertArrayEquals(textPair(m, "Human: a\n\nAssistant: B!\n\nHuman: c", "bad", sep), t.rejected());
        }
    }

    /** [CLS] first [SEP] second [SEP], built here from two plain tokenizations. */
    static int[] textPair(Model m, String first, String second, int sep) {
        int[] a = m.tokenize(first, true, false);
        int[] b = m.tokenize(second, false, false);
        int[] out = Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length, b.length);
        out[out.length - 1] = sep;
        return out;
    }

    // ---- --truncate left ----------------------------------------------------------------------------------------

    static final Turn SYSTEM = new Turn("system", "be brief");
    static final List<Turn> HISTORY = List.of(SYSTEM,
            new Turn("user", "tell me how to bake bread " + "and more about bread ".repeat(20)),
            new Turn("assistant", "knead it, let it rise, bake it"), new Turn("user", "and cake?"),
            new Turn("assistant", "cream the butter and sugar " + "then fold ".repeat(5)), new Turn("user", "thanks!"));
    /** HISTORY less its first exchange: what the fewest dropped turns leave. */
    static final List<Turn> LESS_ONE = List.of(SYSTEM, HISTORY.get(3), HISTORY.get(4), HISTORY.get(5));

    static PreferencePair history() {
        return new PreferencePair("h", null, 1, PreferencePair.Side.rendered(HISTORY, "good"),
                PreferencePair.Side.rendered(HISTORY, "bad"), java.util.Set.of());
    }

    static List<Turn> answered(List<Turn> prompt, String response) {
        List<Turn> all = new java.util.ArrayList<>(prompt);
        all.add(new Turn("assistant", response));
        return all;
    }

    /**
     * Formats {@link #history()} with the longest sequence set to what dropping one exchange gives ({@code chosen},
     * {@code rejected}: the expected tokens), and checks that exactly that is scored, flagged truncated; one token
     * less and the row is too long even with only the last question left.
     */
    static void assertDropsOneExchange(Model m, PairFormatter.Mode mode, int[] chosen, int[] rejected) throws Exception {
        int max = Math.max(chosen.length, rejected.length);
        PairFormatter.Formatted whole = new PairFormatter(m, mode, null, 4096, PairFormatter.Truncation.LEFT)
                .format(history());
        assertTrue(whole.chosen().length > max && !whole.truncated(), "the whole conversation does not fit");
        PairFormatter.Formatted t = new PairFormatter(m, mode, null, max, PairFormatter.Truncation.LEFT)
                .format(history());
        assertTrue(t.truncated());
        assertArrayEquals(chosen, t.chosen(), "the rendering of the turns left, nothing cut inside it");
        assertArrayEquals(rejected, t.rejected());
        PairFormatter.Formatted shorter = new PairFormatter(m, mode, null, max - 1, PairFormatter.Truncation.LEFT)
                .format(history());
        assertTrue(shorter.chosen().length < chosen.length, "one token less: a second exchange goes");
        int[] last = new PairFormatter(m, mode, null, 4096, PairFormatter.Truncation.ERROR).format(
                new PreferencePair("q", null, 1, PreferencePair.Side.rendered(List.of(SYSTEM, HISTORY.get(5)), "good"),
                        PreferencePair.Side.rendered(List.of(SYSTEM, HISTORY.get(5)), "bad"), java.util.Set.of()))
                .chosen();
        PairFormatter.FormatException e = assertThrows(PairFormatter.FormatException.class,
                () -> new PairFormatter(m, mode, null, last.length - 1, PairFormatter.Truncation.LEFT).format(history()));
        assertEquals("too_long", e.reason());
    }

    @Test
    void truncateLeftDropsTheEarliestWholeTurnsAndReRendersTheRestWithTheChatTemplate() throws Exception {
        try (Model m = Model.load(llama, Model.Options.defaults())) {
            assertDropsOneExchange(m, PairFormatter.Mode.CHAT_TEMPLATE, chat(m, answered(LESS_ONE, "good")),
                    chat(m, answered(LESS_ONE, "bad")));
        }
    }

    @Test
    void truncateLeftReRendersTheRawTextOfTheTurnsLeft() throws Exception {
        String kept = "\n\nSystem: be brief\n\nHuman: and cake?\n\nAssistant: " + HISTORY.get(4).content()
                + "\n\nHuman: thanks!\n\nAssistant: ";
        try (Model m = Model.load(llama, Model.Options.defaults())) {
            assertDropsOneExchange(m, PairFormatter.Mode.RAW, m.tokenize(kept + "good", true, false),
                    m.tokenize(kept + "bad", true, false));
        }
    }

    @Test
    void truncateLeftDropsTurnsOfATextPairsFirstSegment() throws Exception {
        String kept = "System: be brief\n\nHuman: and cake?\n\nAssistant: " + HISTORY.get(4).content()
                + "\n\nHuman: thanks!";
        try (Model m = Model.load(bert, Model.Options.defaults())) {
            int sep = m.info().tokenSep() >= 0 ? m.info().tokenSep() : m.info().tokenEos();
            assertDropsOneExchange(m, PairFormatter.Mode.TEXT_PAIR, textPair(m, kept, "good", sep),
                    textPair(m, kept, "bad", sep));
        }
    }
}
