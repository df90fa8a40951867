package dev.seal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows handed over one by one (a Spark partition's) map as a reader maps the same lines of a file. */
class RowsTest {
    @TempDir
    Path dir;

    private static final List<String> LINES = List.of(
            "{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant: hello\", \"rejected\": \"\\n\\nHuman: hi\\n\\nAssistant: go\"}",
            "   ",
            "{\"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: b\", \"chosen\": \"x\", \"rejected\": \"y\"}",
            "{not json",
            "[1, 2]",
            "{\"id\": \"k\", \"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: b\", \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: \"}",
            "{\"id\": \"k\", \"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: c\", \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: d\"}",
            "{\"chosen\": \"no dialogue\", \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: d\"}");

    @Test
    void linesMapAsTheFileReaderMapsThem() throws IOException {
        Path file = Files.write(dir.resolve("pairs.jsonl"), LINES);
        List<PairReader.Row> fromFile = new ArrayList<>();
        try (PairReader r = Datasets.open(file, Format.HH_RLHF)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                fromFile.add(row);
            }
        }
        Datasets.Rows rows = Datasets.rows(Format.HH_RLHF, file.toString());
        List<PairReader.Row> oneByOne = new ArrayList<>();
        for (int i = 0; i < LINES.size(); i++) {
            PairReader.Row row = rows.mapLine(i + 1, LINES.get(i));
            if (row != null) {
                oneByOne.add(row);
            }
        }
        assertEquals(7, fromFile.size(), "the blank line is no row");
        assertEquals(fromFile, oneByOne);
        assertEquals(List.of("ok", "invalid_json", "invalid_json", "invalid_json", "ok", "duplicate_id",
                "unparseable_dialogue"), oneByOne.stream().map(r -> r instanceof PairReader.Row.Bad(RowError e)
                        ? e.reason() : "ok").toList());
    }

    @Test
    void tableFieldsMapAsTableRowsAndAutoIsRefused() {
        Datasets.Rows rows = Datasets.rows(Format.PARQUET, "t.parquet");
        var fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("id", 7).put("prompt", "q?").put("chosen", "a").put("rejected", "b");
        PairReader.Row.Ok ok = (PairReader.Row.Ok) rows.map(3, fields);
        assertEquals("7", ok.pair().id());
        assertEquals(3, ok.pair().row());
        assertNull(rows.mapLine(4, ""));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Datasets.rows(Format.AUTO, "x"));
    }
}
