package dev.seal.data;

import static dev.seal.data.Fixtures.bad;
import static dev.seal.data.Fixtures.obj;
import static dev.seal.data.Fixtures.ok;
import static dev.seal.data.Fixtures.readAll;
import static dev.seal.data.Fixtures.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seal.testing.Parts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anthropic hh-rlhf rows, small hand-written ones and (when present) the real harmless-base test split. */
class HhRlhfTest {
    private static final String Q = "\n\nHuman: How do I bake bread?\n\nAssistant: What kind?\n\nHuman: Rye.";

    @TempDir
    Path dir;

    private List<PairReader.Row> read(String... lines) throws IOException {
        return readAll(Fixtures.lines(dir, "hh.jsonl", lines), Format.HH_RLHF);
    }

    @Test
    void splitsPromptAndResponsesAndKeepsTheRawTexts() throws IOException {
        String chosen = Q + "\n\nAssistant: Start with a sourdough starter.";
        String rejected = Q + "\n\nAssistant: Buy it.  ";
        PreferencePair p = ok(read(obj("chosen", chosen, "rejected", rejected)).getFirst());
        assertEquals("r1", p.id());
        assertEquals(List.of(new Turn("user", "How do I bake bread?"), new Turn("assistant", "What kind?"),
                new Turn("user", "Rye.")), p.chosen().prompt());
        assertEquals("Start with a sourdough starter.", p.chosen().response());
        assertEquals("Buy it.  ", p.rejected().response()); // trailing whitespace is content
        assertEquals(chosen, p.chosen().raw());
        assertEquals(rejected, p.rejected().raw());
        assertEquals(Set.of(), p.flags());
    }

    @Test
    void flagsPairsWhoseEarlierTurnsDifferAndKeepsEachSidesOwnConversation() throws IOException {
        String chosen = "\n\nHuman: a\n\nAssistant: b\n\nHuman: c\n\nAssistant: good";
        String rejected = "\n\nHuman: a\n\nAssistant: B!\n\nHuman: c\n\nAssistant: bad";
        PreferencePair p = ok(read(obj("chosen", chosen, "rejected", rejected)).getFirst());
        assertEquals(Set.of(PreferencePair.FLAG_PROMPT_DIFFERS), p.flags());
        assertEquals(new Turn("assistant", "b"), p.chosen().prompt().get(1));
        assertEquals(new Turn("assistant", "B!"), p.rejected().prompt().get(1));
        assertEquals("bad", p.rejected().response());
        assertEquals(rejected, p.rejected().raw());
    }

    @Test
    void scoresAnEmptyFinalResponseButFlagsIt() throws IOException {
        PreferencePair p =
                ok(read(obj("chosen", Q + "\n\nAssistant: ", "rejected", Q + "\n\nAssistant: no")).getFirst());
        assertEquals("", p.chosen().response());
        assertEquals(Set.of(PreferencePair.FLAG_EMPTY_RESPONSE), p.flags());
    }

    @Test
    void usesAnIdFieldWhenTheRowHasOne() throws IOException {
        PreferencePair p =
                ok(read(obj("id", "hh-9", "chosen", Q + "\n\nAssistant: a", "rejected", Q + "\n\nAssistant: b"))
                        .getFirst());
        assertEquals("hh-9", p.id());
    }

    @Test
    void reportsHostileRows() throws IOException {
        String ok = Q + "\n\nAssistant: fine";
        List<PairReader.Row> rows = read(
                obj("chosen", ok),
                obj("chosen", 3, "rejected", ok),
                obj("chosen", ok, "rejected", " \n\n "),
                obj("chosen", ok, "rejected", "\n\nHuman: just a question"),
                obj("chosen", "\n\nHuman: q\n\nAssistant: a\n\nHuman: follow-up", "rejected", ok),
                "{\"chosen\": \"\\n\\nHuman: q\\n\\nAssistant: a\\u0000\", \"rejected\": \"x\"}",
                "{\"chosen\": \"\\n\\nHuman: q\\n\\nAssistant: \\udfff\", \"rejected\": \"x\"}",
                "not json",
                obj("chosen", ok, "rejected", ok));
        assertEquals(List.of("missing_field", "wrong_type", "empty_text", "unparseable_dialogue",
                "unparseable_dialogue", "nul_byte", "lone_surrogate", "invalid_json", "ok"), reasons(rows));
        assertTrue(bad(rows.get(0)).detail().contains("row 1, field 'rejected': missing"), bad(rows.get(0)).detail());
        assertTrue(bad(rows.get(3)).detail().contains("field 'rejected': no 'Assistant:' turn"),
                bad(rows.get(3)).detail());
        assertTrue(bad(rows.get(4)).detail().contains("field 'chosen'"), bad(rows.get(4)).detail());
    }

    @Test
    void readsTheRealHarmlessBaseTestSplit() throws IOException {
        Path file = Parts.hhRlhfHarmlessBaseTest();
        assertEquals(Format.HH_RLHF, Datasets.detect(file));

        List<PairReader.Row> rows = readAll(file, Format.AUTO);
        List<JsonNode> source = sourceRows(file);
        assertEquals(2312, rows.size());
        assertEquals(2312, source.size());
        Set<String> ids = new HashSet<>();
        int differs = 0;
        int empty = 0;
        for (int i = 0; i < rows.size(); i++) {
            PreferencePair p = ok(rows.get(i));
            assertEquals(i + 1, p.row());
            assertTrue(ids.add(p.id()), "duplicate id " + p.id());
            // the raw texts are the file's, to the character
            assertEquals(source.get(i).get("chosen").textValue(), p.chosen().raw());
            assertEquals(source.get(i).get("rejected").textValue(), p.rejected().raw());
            // and the parse loses nothing: rendering each side's own turns + response gives its raw text back
            assertEquals(p.chosen().raw(), Texts.renderHh(p.chosen().prompt(), p.chosen().response()));
            assertEquals(p.rejected().raw(), Texts.renderHh(p.rejected().prompt(), p.rejected().response()));
            if (p.flags().contains(PreferencePair.FLAG_PROMPT_DIFFERS)) {
                differs++;
                assertNotEquals(p.chosen().prompt(), p.rejected().prompt());
            } else {
                assertEquals(p.chosen().prompt(), p.rejected().prompt());
            }
            if (p.flags().contains(PreferencePair.FLAG_EMPTY_RESPONSE)) {
                empty++;
            }
        }
        System.out.printf("hh-rlhf harmless-base test: %d pairs, %d with %s, %d with %s%n", rows.size(), differs,
                PreferencePair.FLAG_PROMPT_DIFFERS, empty, PreferencePair.FLAG_EMPTY_RESPONSE);
        // counted independently with a Python split on "\n\nHuman:"/"\n\nAssistant:" when this reader was written
        assertEquals(5, differs);
        assertEquals(4, empty);
    }

    private static List<JsonNode> sourceRows(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            List<JsonNode> rows = new java.util.ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                rows.add(Fixtures.JSON.readTree(line));
            }
            return rows;
        }
    }
}
