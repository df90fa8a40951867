package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> lines(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void writesOneFlushedObjectPerError() throws IOException {
        Path p = dir.resolve("errors.jsonl");
        try (ErrorWriter w = ErrorWriter.open(p)) {
            w.write(ErrorWriter.STAGE_READ, new RowError("data.jsonl", 7, null, "invalid_json",
                    "line 7: unexpected '}'\nat column 3"));
            // Flushed per line: readable while the writer is still open.
            assertEquals(1, lines(p).size());
            w.write(ErrorWriter.STAGE_TOKENIZE, new RowError("data.jsonl", 9, "ex-9", "too_long", "4097 > 4096 tokens ü"));
            w.write("score", new RowError("data.jsonl", -1, "ex-10", "too_long", "again"));
            assertEquals(3, lines(p).size());
            assertEquals(3, w.total());
            assertEquals(Map.of("invalid_json", 1L, "too_long", 2L), w.countsByReason());
        }
        List<String> lines = lines(p);
        JsonNode first = JSON.readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("source", "row", "id", "reason", "detail", "stage"), keys);
        assertEquals("data.jsonl", first.get("source").textValue());
        assertEquals(7, first.get("row").longValue());
        assertTrue(first.get("id").isNull());
        assertEquals("invalid_json", first.get("reason").textValue());
        assertEquals("line 7: unexpected '}'\nat column 3", first.get("detail").textValue());
        assertEquals("read", first.get("stage").textValue());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals("ex-9", second.get("id").textValue());
        assertEquals("4097 > 4096 tokens ü", second.get("detail").textValue());
        assertEquals("tokenize", second.get("stage").textValue());
        assertEquals(-1, JSON.readTree(lines.get(2)).get("row").longValue());
    }

    @Test
    void missingReasonCountsAsUnknown() throws IOException {
        try (ErrorWriter w = ErrorWriter.open(dir.resolve("e.jsonl"))) {
            w.write("read", new RowError("f", 1, null, null, null));
            assertEquals(Map.of("unknown", 1L), w.countsByReason());
        }
        JsonNode n = JSON.readTree(lines(dir.resolve("e.jsonl")).getFirst());
        assertTrue(n.get("reason").isNull() && n.get("detail").isNull());
    }

    @Test
    void countsAreASnapshot() throws IOException {
        try (ErrorWriter w = ErrorWriter.open(dir.resolve("e.jsonl"))) {
            w.write("read", new RowError("f", 1, null, "a", "d"));
            Map<String, Long> before = w.countsByReason();
            w.write("read", new RowError("f", 2, null, "a", "d"));
            assertEquals(1L, before.get("a"));
            assertEquals(2L, w.countsByReason().get("a"));
            assertThrows(UnsupportedOperationException.class, () -> before.put("b", 1L));
        }
    }

    @Test
    void writeAfterCloseFails() throws IOException {
        ErrorWriter w = ErrorWriter.open(dir.resolve("e.jsonl"));
        w.close();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.write("read", new RowError("f", 1, null, "a", "d")));
    }

    @Test
    void noErrorsLeavesAnEmptyFile() throws IOException {
        Path p = dir.resolve("e.jsonl");
        ErrorWriter.open(p).close();
        assertEquals(0, Files.size(p));
    }
}
