package dev.seal.data;

import static dev.seal.data.Fixtures.bad;
import static dev.seal.data.Fixtures.msg;
import static dev.seal.data.Fixtures.obj;
import static dev.seal.data.Fixtures.ok;
import static dev.seal.data.Fixtures.readAll;
import static dev.seal.data.Fixtures.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generic JSON Lines: the string and message-list forms, ids, and every row-level error a JSONL row can have. */
class JsonlReaderTest {
    @TempDir
    Path dir;

    private List<PairReader.Row> read(String... lines) throws IOException {
        return readAll(Fixtures.lines(dir, "t.jsonl", lines), Format.JSONL);
    }

    @Test
    void readsStringRows() throws IOException {
        List<PairReader.Row> rows = read(obj("prompt", "Hi", "chosen", "Hello!", "rejected", "Go away."));
        PreferencePair p = ok(rows.getFirst());
        assertEquals("r1", p.id());
        assertEquals(1, p.row());
        assertEquals(List.of(new Turn("user", "Hi")), p.chosen().prompt());
        assertEquals("Hello!", p.chosen().response());
        assertEquals("Go away.", p.rejected().response());
        assertEquals("\n\nHuman: Hi\n\nAssistant: Hello!", p.chosen().raw());
        assertEquals("\n\nHuman: Hi\n\nAssistant: Go away.", p.rejected().raw());
        assertEquals(Set.of(), p.flags());
    }

    @Test
    void keepsTextsVerbatim() throws IOException {
        String chosen = "  line one\r\nline two\t \u00e9\uD83D\uDE00  ";
        PreferencePair p = ok(read(obj("prompt", " q ", "chosen", chosen, "rejected", "x")).getFirst());
        assertEquals(chosen, p.chosen().response());
        assertEquals(" q ", p.chosen().prompt().getFirst().content());
    }

    @Test
    void readsAPromptMessageList() throws IOException {
        PreferencePair p = ok(read(obj("prompt", List.of(msg("system", "Be brief."), msg("user", "Hi")),
                "chosen", "Hello", "rejected", "Yo")).getFirst());
        assertEquals(List.of(new Turn("system", "Be brief."), new Turn("user", "Hi")), p.chosen().prompt());
        assertEquals("\n\nSystem: Be brief.\n\nHuman: Hi\n\nAssistant: Hello", p.chosen().raw());
    }

    @Test
    void readsTheChatMessagesForm() throws IOException {
        // UltraFeedback-binarized: a prompt string, and each side the whole conversation ending in the answer
        List<PairReader.Row> rows = read(
                obj("prompt", "Q1", "chosen", List.of(msg("user", "Q1"), msg("assistant", "good")),
                        "rejected", List.of(msg("user", "Q1"), msg("assistant", "bad"))),
                obj("chosen", List.of(msg("user", "a"), msg("assistant", "b"), msg("user", "c"), msg("assistant", "d")),
                        "rejected", List.of(msg("user", "a"), msg("assistant", "b"), msg("user", "c"),
                                msg("assistant", "e"))));
        PreferencePair first = ok(rows.get(0));
        assertEquals(List.of(new Turn("user", "Q1")), first.chosen().prompt());
        assertEquals("good", first.chosen().response());
        assertEquals("bad", first.rejected().response());
        assertEquals(Set.of(), first.flags());
        PreferencePair second = ok(rows.get(1)); // no prompt field at all: the conversation carries it
        assertEquals(List.of(new Turn("user", "a"), new Turn("assistant", "b"), new Turn("user", "c")),
                second.chosen().prompt());
        assertEquals("\n\nHuman: a\n\nAssistant: b\n\nHuman: c\n\nAssistant: e", second.rejected().raw());
    }

    @Test
    void flagsMessageConversationsWhosePromptsDiffer() throws IOException {
        PreferencePair p = ok(read(obj("chosen", List.of(msg("user", "Q"), msg("assistant", "A")),
                "rejected", List.of(msg("user", "other Q"), msg("assistant", "B")))).getFirst());
        assertEquals(Set.of(PreferencePair.FLAG_PROMPT_DIFFERS), p.flags());
        // each side keeps its own conversation, and its raw text renders that one
        assertEquals(List.of(new Turn("user", "Q")), p.chosen().prompt());
        assertEquals(List.of(new Turn("user", "other Q")), p.rejected().prompt());
        assertEquals("\n\nHuman: other Q\n\nAssistant: B", p.rejected().raw());
    }

    @Test
    void mixesAStringSideWithAConversationSide() throws IOException {
        List<PairReader.Row> rows = read(
                obj("prompt", "Q", "chosen", "A", "rejected", List.of(msg("user", "Q"), msg("assistant", "B"))),
                obj("prompt", "Q", "chosen", "A", "rejected", List.of(msg("user", "Q2"), msg("assistant", "B"))));
        assertEquals(Set.of(), ok(rows.get(0)).flags());
        assertEquals(Set.of(PreferencePair.FLAG_PROMPT_DIFFERS), ok(rows.get(1)).flags());
    }

    @Test
    void takesIdsFromTheFirstPairIdFieldElseThePromptIdElseTheLineNumber() throws IOException {
        List<PairReader.Row> rows = read(
                obj("id", "a", "pair_id", "ignored", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("pair_id", 7, "prompt_id", "ignored", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("prompt_id", "007", "prompt", "p", "chosen", "c", "rejected", "r"),
                "",
                obj("prompt", "p", "chosen", "c", "rejected", "r"));
        assertEquals(List.of("a", "7", "007#1", "r5"), rows.stream().map(r -> ok(r).id()).toList());
        assertEquals(Arrays.asList(null, "ignored", "007", null), rows.stream().map(r -> ok(r).promptId()).toList());
        assertEquals(List.of(1L, 2L, 3L, 5L), rows.stream().map(r -> ok(r).row()).toList()); // physical line numbers
    }

    @Test
    void keepsEveryPairOfAPromptWithSeveralPairs() throws IOException {
        List<PairReader.Row> rows = read(
                obj("prompt_id", "q", "prompt", "p", "chosen", "c1", "rejected", "r1"),
                obj("prompt_id", 5, "prompt", "p5", "chosen", "c", "rejected", "r"),
                obj("prompt_id", "q", "prompt", "p", "chosen", "c2", "rejected", "r2"),
                obj("prompt_id", "q", "prompt", "p", "chosen", 3, "rejected", "r3"), // a bad row still counts
                obj("prompt_id", "q", "prompt", "p", "chosen", "c4", "rejected", "r4"));
        assertEquals(List.of("ok", "ok", "ok", "wrong_type", "ok"), reasons(rows));
        assertEquals(List.of("q#1", "5#1", "q#2", "q#4"),
                rows.stream().filter(r -> r instanceof PairReader.Row.Ok).map(r -> ok(r).id()).toList());
        assertEquals("q#3", bad(rows.get(3)).id());
        assertEquals(List.of("q", "5", "q", "q"),
                rows.stream().filter(r -> r instanceof PairReader.Row.Ok).map(r -> ok(r).promptId()).toList());
    }

    @Test
    void aDerivedIdTakenByAnExplicitOneIsADuplicate() throws IOException {
        List<PairReader.Row> rows = read(
                obj("id", "q#1", "prompt_id", "x", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("prompt_id", "q", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", "b", "prompt_id", null, "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("prompt_id", null, "prompt", "p", "chosen", "c", "rejected", "r"));
        assertEquals(List.of("ok", "duplicate_id", "ok", "null_value"), reasons(rows));
        assertNull(ok(rows.get(2)).promptId(), "a null prompt id beside an explicit id is no prompt id");
    }

    @Test
    void rejectsTheLaterOfTwoRowsWithOneId() throws IOException {
        List<PairReader.Row> rows = read(
                obj("id", "x", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", "r3", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("prompt", "p", "chosen", "c", "rejected", "r"), // its generated id r3 is taken
                obj("id", "x", "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", "y", "prompt", "p", "chosen", "c", "rejected", "r"));
        assertEquals(List.of("ok", "ok", "duplicate_id", "duplicate_id", "ok"), reasons(rows));
        RowError dup = bad(rows.get(3));
        assertEquals("x", dup.id());
        assertEquals(4, dup.row());
        assertTrue(dup.detail().contains("row 4") && dup.detail().contains("row 1"), dup.detail());
    }

    @Test
    void reportsEachHostileRowAndCarriesOn() throws IOException {
        String good = obj("prompt", "p", "chosen", "c", "rejected", "r");
        List<PairReader.Row> rows = read(
                good,
                "{\"prompt\": \"p\", \"chosen\": ",                                         // 2 truncated
                "{\"prompt\": \"p\", \"chosen\": \"a\", \"chosen\": \"b\", \"rejected\": \"r\"}", // 3 duplicate key
                good + " trailing",                                                     // 4 text after the object
                "[1, 2]",                                                               // 5 not an object
                obj("prompt", "p", "rejected", "r"),                                    // 6 no chosen
                obj("prompt", "p", "chosen", 5, "rejected", "r"),                        // 7 number
                obj("prompt", "p", "chosen", "   \n", "rejected", "r"),                  // 8 whitespace
                "{\"prompt\": \"p\", \"chosen\": \"a\\u0000b\", \"rejected\": \"r\"}",   // 9 NUL escape
                "{\"prompt\": \"p\", \"chosen\": \"a\\ud800b\", \"rejected\": \"r\"}",   // 10 lone surrogate
                obj("prompt", "p", "chosen", null, "rejected", "r"),                     // 11 null
                obj("prompt", "p", "chosen", List.of(msg("user", "Q")), "rejected", "r"), // 12 no answer
                good);
        assertEquals(List.of("ok", "invalid_json", "invalid_json", "invalid_json", "invalid_json", "missing_field",
                "wrong_type", "empty_text", "nul_byte", "lone_surrogate", "null_value", "unparseable_dialogue", "ok"),
                reasons(rows));
        for (int i = 1; i < rows.size() - 1; i++) {
            RowError e = bad(rows.get(i));
            assertEquals(i + 1, e.row());
            assertTrue(e.source().endsWith("t.jsonl"), e.source());
            assertTrue(e.detail().startsWith("row " + (i + 1)), e.detail());
        }
        for (int i = 5; i <= 11; i++) {
            assertTrue(bad(rows.get(i)).detail().contains("field 'chosen'"), bad(rows.get(i)).detail());
        }
        assertTrue(bad(rows.get(2)).detail().contains("Duplicate field"), bad(rows.get(2)).detail());
        assertEquals("r12", bad(rows.get(11)).id()); // the id is known even though the row is bad
    }

    @Test
    void reportsInvalidUtf8InsteadOfReplacingIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[][] hostile = {
            {(byte) 0xC3, 0x28},                    // a lead byte without its continuation
            {(byte) 0xC0, (byte) 0xAF},             // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate (CESU-8)
            {(byte) 0xFF},
        };
        String good = obj("prompt", "p", "chosen", "fine \u00e9", "rejected", "r") + "\n";
        out.writeBytes(good.getBytes(StandardCharsets.UTF_8));
        for (byte[] b : hostile) {
            out.writeBytes("{\"prompt\": \"p\", \"chosen\": \"x".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
            out.writeBytes("\", \"rejected\": \"r\"}\n".getBytes(StandardCharsets.US_ASCII));
        }
        List<PairReader.Row> rows = readAll(Fixtures.bytes(dir, "u.jsonl", out.toByteArray()), Format.JSONL);
        assertEquals(List.of("ok", "invalid_utf8", "invalid_utf8", "invalid_utf8", "invalid_utf8"), reasons(rows));
        assertEquals("fine \u00e9", ok(rows.getFirst()).chosen().response());
        assertTrue(bad(rows.get(1)).detail().contains("at byte offset 28 "), bad(rows.get(1)).detail());
    }

    @Test
    void reportsBadMessages() throws IOException {
        List<PairReader.Row> rows = read(
                obj("chosen", List.of(), "rejected", "r", "prompt", "p"),
                obj("chosen", List.of(msg("human", "Q"), msg("assistant", "A")), "rejected", "r"),
                obj("chosen", List.of(Map.of("role", "user"), msg("assistant", "A")), "rejected", "r"),
                obj("chosen", List.of(msg("user", null), msg("assistant", "A")), "rejected", "r"),
                obj("chosen", List.of(msg("user", "Q"), msg("assistant", "")), "rejected", "r"),
                obj("chosen", List.of("Q", msg("assistant", "A")), "rejected", "r"),
                obj("chosen", List.of(Map.of("role", "user", "content", List.of("part")), msg("assistant", "A")),
                        "rejected", "r"),
                obj("prompt", List.of(msg("system", "S")), "chosen", "c", "rejected", "r"),
                obj("prompt", Map.of("text", "p"), "chosen", "c", "rejected", "r"),
                obj("chosen", "c", "rejected", "r"));
        assertEquals(List.of("empty_text", "unparseable_dialogue", "missing_field", "null_value", "empty_text",
                "wrong_type", "wrong_type", "unparseable_dialogue", "wrong_type", "missing_field"), reasons(rows));
        assertTrue(bad(rows.get(1)).detail().contains("'chosen[0].role'"), bad(rows.get(1)).detail());
        assertTrue(bad(rows.get(2)).detail().contains("'chosen[0].content': missing"), bad(rows.get(2)).detail());
        assertTrue(bad(rows.get(4)).detail().contains("'chosen[1].content'"), bad(rows.get(4)).detail());
        assertTrue(bad(rows.get(9)).detail().contains("field 'prompt': missing"), bad(rows.get(9)).detail());
    }

    @Test
    void rejectsBadIds() throws IOException {
        List<PairReader.Row> rows = read(
                obj("id", null, "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", true, "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", 1.5, "prompt", "p", "chosen", "c", "rejected", "r"),
                obj("id", " ", "prompt", "p", "chosen", "c", "rejected", "r"));
        assertEquals(List.of("null_value", "wrong_type", "wrong_type", "empty_text"), reasons(rows));
        assertTrue(bad(rows.get(1)).detail().contains("field 'id'"), bad(rows.get(1)).detail());
        assertNull(bad(rows.get(1)).id());
    }

    @Test
    void gzipAndPlainReadTheSame() throws IOException {
        String text = obj("prompt", "p", "chosen", "c", "rejected", "r") + "\n{oops\n";
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        List<PairReader.Row> plain = readAll(Fixtures.bytes(dir, "a.jsonl", content), Format.JSONL);
        List<PairReader.Row> gz = readAll(Fixtures.bytes(dir, "a.jsonl.gz", Fixtures.gzip(content)), Format.JSONL);
        List<PairReader.Row> sniffed = readAll(Fixtures.bytes(dir, "b.jsonl", Fixtures.gzip(content)), Format.JSONL);
        assertEquals(List.of("ok", "invalid_json"), reasons(plain));
        assertEquals(ok(plain.get(0)), ok(gz.get(0)));
        assertEquals(ok(plain.get(0)), ok(sniffed.get(0))); // gzip found by its magic bytes despite the name
        assertEquals(reasons(plain), reasons(gz));
    }

    @Test
    void failsOnAFileNamedGzThatIsNot() throws IOException {
        Path p = Fixtures.lines(dir, "fake.jsonl.gz", obj("prompt", "p", "chosen", "c", "rejected", "r"));
        IOException e = assertThrows(IOException.class, () -> Datasets.open(p, Format.JSONL));
        assertTrue(e.getMessage().contains("fake.jsonl.gz") && e.getMessage().contains("gzip header"), e.getMessage());
    }

    @Test
    void failsTheStreamOnATruncatedGzip() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(obj("prompt", "p" + i, "chosen", "c" + i * 7919, "rejected", "r" + i * 104729)).append('\n');
        }
        byte[] gz = Fixtures.gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path p = Fixtures.bytes(dir, "cut.jsonl.gz", Arrays.copyOf(gz, gz.length / 2));
        IOException e = assertThrows(IOException.class, () -> readAll(p, Format.JSONL));
        assertTrue(e.getMessage().contains("cut.jsonl.gz") && e.getMessage().contains("read failed"), e.getMessage());
    }

    @Test
    void handlesByteOrderMarkCrLfBlankLinesAndNoFinalNewline() throws IOException {
        String content = "\uFEFF" + obj("prompt", "p", "chosen", "c1", "rejected", "r") + "\r\n\r\n  \n"
                + obj("prompt", "p", "chosen", "c2", "rejected", "r");
        List<PairReader.Row> rows = readAll(Fixtures.bytes(dir, "w.jsonl", content.getBytes(StandardCharsets.UTF_8)),
                Format.JSONL);
        assertEquals(List.of("c1", "c2"), rows.stream().map(r -> ok(r).chosen().response()).toList());
        assertEquals(4, ok(rows.get(1)).row());
    }

    @Test
    void readsAnEmptyFileAsNoRows() throws IOException {
        assertEquals(List.of(), readAll(Fixtures.bytes(dir, "e.jsonl", new byte[0]), Format.JSONL));
    }

    @Test
    void rejectsJsonDocumentsThatAreNotJsonLines() throws IOException {
        Path array = Fixtures.lines(dir, "a.json", "[", obj("prompt", "p", "chosen", "c", "rejected", "r"), "]");
        Path pretty = Fixtures.lines(dir, "o.json", "", "{", "  \"prompt\": \"p\"", "}");
        var a = assertThrows(IllegalArgumentException.class, () -> Datasets.open(array, Format.JSONL));
        var o = assertThrows(IllegalArgumentException.class, () -> Datasets.open(pretty, Format.AUTO));
        assertTrue(a.getMessage().contains("a.json") && a.getMessage().contains("JSON array"), a.getMessage());
        assertTrue(o.getMessage().contains("line 2") && o.getMessage().contains("pretty-printed"), o.getMessage());
    }
}
