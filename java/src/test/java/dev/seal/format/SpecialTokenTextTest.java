package dev.seal.format;

import static dev.seal.cli.CliRun.seal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.CliRun.Run;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import dev.seal.gguf.GgmlType;
import dev.seal.gguf.Vocabularies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Special-token text typed into dataset contents, with a real ChatML vocabulary (Qwen2's, where {@code <|im_start|>}
 * and {@code <|im_end|>} are control tokens): by default it becomes the control token, as Hugging Face's
 * apply_chat_template gives, and the row is flagged; {@code --content-tokens plain} keeps it text. The expected tokens
 * are built here from hand-cut pieces of the rendering, not by the code under test.
 */
class SpecialTokenTextTest {
    @TempDir
    static Path dir;

    static Path qwen;
    static Path qwenTrim;

    static final String CHATML = "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content']"
            + " + '<|im_end|>' + '\\n' }}{% endfor %}";
    /** As Llama 3's template does, the contents trimmed. */
    static final String CHATML_TRIM = CHATML.replace("m['content']", "m['content'] | trim");

    @BeforeAll
    static void models() throws Exception {
        NativeTests.requireNative();
        DemoModel.Spec spec = DemoModel.Spec.defaults(Vocabularies.find("qwen2")).withShape(32, 1, 2, 1, 64)
                .withTensorType(GgmlType.F16);
        qwen = DemoModel.write(dir.resolve("qwen.gguf"), spec.withChatTemplate(CHATML));
        qwenTrim = DemoModel.write(dir.resolve("qwen-trim.gguf"), spec.withChatTemplate(CHATML_TRIM));
    }

    static PreferencePair pair(String user, String chosen, String rejected) {
        List<Turn> prompt = List.of(new Turn("system", "be brief"), new Turn("user", user));
        return new PreferencePair("p", null, 1, PreferencePair.Side.rendered(prompt, chosen),
                PreferencePair.Side.rendered(prompt, rejected), Set.of());
    }

    static PairFormatter formatter(Model m, PairFormatter.ContentTokens content) {
        return new PairFormatter(m, PairFormatter.Mode.CHAT_TEMPLATE, null, 4096, PairFormatter.Truncation.ERROR,
                content);
    }

    static int id(Model m, String special) {
        int[] t = m.tokenize(special, false, true);
        assertEquals(1, t.length, special + " is one token");
        return t[0];
    }

    /**
     * The tokens of a ChatML rendering of {@link #pair}'s conversation, cut by hand at the template's control tokens
     * only, each piece between them tokenized as plain text.
     */
    static int[] chatml(Model m, String user, String assistant) {
        int start = id(m, "<|im_start|>");
        int end = id(m, "<|im_end|>");
        Object[] parts = {start, "system\nbe brief", end, "\n", start, "user\n" + user, end, "\n", start,
                "assistant\n" + assistant, end, "\n"};
        return Arrays.stream(parts).flatMapToInt(p -> p instanceof String s
                ? IntStream.of(m.tokenize(s, false, false)) : IntStream.of((Integer) p)).toArray();
    }

    @Test
    void findsTheModelsControlTokenTextsWithoutTokenizingContents() throws Exception {
        try (Model m = Model.load(qwen, Model.Options.defaults())) {
            SpecialTokenTexts s = SpecialTokenTexts.of(m);
            assertTrue(s.occursIn("a <|im_end|> b"));
            assertTrue(s.occursIn("<|endoftext|>"));
            assertFalse(s.occursIn("a <|im_end b"));
            assertFalse(s.occursIn("plain text with <b>markup</b> and [brackets]"));
            assertEquals(List.of(new SpecialTokenTexts.Match(2, "<|im_end|>", id(m, "<|im_end|>"))),
                    s.all("a <|im_end|> b"));
        }
    }

    @Test
    void byDefaultSpecialTextInAContentIsTheControlTokenAsInHuggingFaceAndTheRowIsFlagged() throws Exception {
        try (Model m = Model.load(qwen, Model.Options.defaults())) {
            PreferencePair typed = pair("what does <|im_end|> do?", "it ends a turn", "no idea");
            PairFormatter.Formatted t = formatter(m, PairFormatter.ContentTokens.PARSE).format(typed);
            List<Turn> chosen = List.of(new Turn("system", "be brief"), new Turn("user", "what does <|im_end|> do?"),
                    new Turn("assistant", "it ends a turn"));
            assertArrayEquals(m.tokenize(m.renderChat(chosen, false, null), false, true), t.chosen());
            assertEquals(Set.of(PairFormatter.FLAG_SPECIAL_TOKEN_TEXT), t.flags());
            assertEquals(Set.of(), formatter(m, PairFormatter.ContentTokens.PARSE)
                    .format(pair("what does im_end do?", "it ends a turn", "no idea")).flags());
        }
    }

    @Test
    void plainContentKeepsSpecialTextAsTextAndTheTemplatesOwnTokens() throws Exception {
        try (Model m = Model.load(qwen, Model.Options.defaults())) {
            PreferencePair typed = pair("what does <|im_end|> do?", "it ends a turn", "<|im_start|>no");
            PairFormatter.Formatted t = formatter(m, PairFormatter.ContentTokens.PLAIN).format(typed);
            assertArrayEquals(chatml(m, "what does <|im_end|> do?", "it ends a turn"), t.chosen());
            assertArrayEquals(chatml(m, "what does <|im_end|> do?", "<|im_start|>no"), t.rejected());
            assertEquals(Set.of(PairFormatter.FLAG_SPECIAL_TOKEN_TEXT), t.flags(), "still flagged");
            assertFalse(Arrays.equals(t.chosen(), formatter(m, PairFormatter.ContentTokens.PARSE).format(typed).chosen()),
                    "the default parses the typed text into the control token");

            PreferencePair clean = pair("what does im_end do?", "it ends a turn", "no idea");
            assertArrayEquals(formatter(m, PairFormatter.ContentTokens.PARSE).format(clean).chosen(),
                    formatter(m, PairFormatter.ContentTokens.PLAIN).format(clean).chosen(),
                    "without special text in the contents plain is the default tokenization");
        }
    }

    @Test
    void plainContentFollowsATemplateThatTrimsContents() throws Exception {
        try (Model m = Model.load(qwenTrim, Model.Options.defaults())) {
            PreferencePair typed = pair("  say <|im_end|>\n", "  ok ", "no");
            PairFormatter.Formatted t = formatter(m, PairFormatter.ContentTokens.PLAIN).format(typed);
            assertArrayEquals(chatml(m, "say <|im_end|>", "ok"), t.chosen(), "the contents as the template trims them");
        }
    }

    @Test
    void scoreFlagsSpecialTokenTextAndOffersPlainContent() throws Exception {
        Path data = Files.writeString(dir.resolve("typed.jsonl"),
                "{\"id\": \"typed\", \"prompt\": \"what does <|im_end|> do?\", \"chosen\": \"ends\", \"rejected\": \"no\"}\n"
                + "{\"id\": \"clean\", \"prompt\": \"what does it do?\", \"chosen\": \"ends\", \"rejected\": \"no\"}\n");
        ObjectMapper json = new ObjectMapper();
        for (String content : List.of("PARSE", "PLAIN")) {
            Path out = dir.resolve("scores-" + content + ".jsonl");
            Run r = seal("score", "--model", qwen.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                    "--content-tokens", content);
            assertEquals(0, r.code(), r.err());
            List<String> rows = Files.readAllLines(out);
            JsonNode typed = json.readTree(rows.get(0));
            assertEquals("special_token_text", typed.get("flags").asText(), content);
            assertEquals("", json.readTree(rows.get(1)).get("flags").asText(), content);
        }
    }
}
