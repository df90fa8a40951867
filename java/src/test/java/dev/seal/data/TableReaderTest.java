package dev.seal.data;

import static dev.seal.data.Fixtures.bad;
import static dev.seal.data.Fixtures.ok;
import static dev.seal.data.Fixtures.readAll;
import static dev.seal.data.Fixtures.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and Parquet through DuckDB. The Parquet files are written by DuckDB itself. */
class TableReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        return Fixtures.bytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code select} to {@code name} as Parquet. */
    private Path parquet(String name, String select) throws SQLException {
        Path p = dir.resolve(name);
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + p.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        return p;
    }

    @Test
    void readsCsvCellsAsWritten() throws IOException {
        Path p = csv("t.csv", """
                id,prompt,chosen,rejected
                007,"Hi, there","He said ""yes""
                and left.  ",  spaced\s
                b2,second,two,2
                """);
        List<PairReader.Row> rows = readAll(p, Format.AUTO);
        assertEquals(List.of("ok", "ok"), reasons(rows));
        PreferencePair p1 = ok(rows.get(0));
        assertEquals("007", p1.id()); // text, not the number 7
        assertEquals(1, p1.row());
        assertEquals(List.of(new Turn("user", "Hi, there")), p1.chosen().prompt());
        assertEquals("He said \"yes\"\nand left.  ", p1.chosen().response());
        assertEquals("  spaced ", p1.rejected().response());
        assertEquals("\n\nHuman: Hi, there\n\nAssistant:   spaced ", p1.rejected().raw());
        assertEquals(2, ok(rows.get(1)).row());
    }

    @Test
    void readsCsvColumnsInAnyOrderWithExtrasAndWithoutIds() throws IOException {
        Path p = csv("t.csv", "score,rejected,chosen,prompt\n1,r1,c1,p1\n2,r2,c2,p2\n");
        List<PairReader.Row> rows = readAll(p, Format.CSV);
        assertEquals(List.of("r1", "r2"), rows.stream().map(r -> ok(r).id()).toList());
        assertEquals("c2", ok(rows.get(1)).chosen().response());
    }

    @Test
    void reportsCsvEmptiesNulsAndDuplicates() throws IOException {
        Path p = csv("t.csv", "id,prompt,chosen,rejected\n"
                + "a,p,,r\n"          // unquoted empty: CSV has no null, so as empty as the quoted one
                + "b,p,\"\",r\n"
                + "c,p,\"  \",r\n"
                + "d,p,x\0y,r\n"
                + ",p,c,r\n"          // no id
                + "a,p,c,r\n"
                + "e,p,c,r\n");
        List<PairReader.Row> rows = readAll(p, Format.CSV);
        assertEquals(List.of("empty_text", "empty_text", "empty_text", "nul_byte", "empty_text", "duplicate_id", "ok"),
                reasons(rows));
        RowError empty = bad(rows.get(0));
        assertEquals("a", empty.id());
        assertEquals(1, empty.row());
        assertEquals("row 1, field 'chosen': empty text", empty.detail());
        assertTrue(bad(rows.get(4)).detail().contains("field 'id'"), bad(rows.get(4)).detail());
        assertNull(bad(rows.get(4)).id());
        assertTrue(bad(rows.get(5)).detail().contains("already used by row 1"), bad(rows.get(5)).detail());
    }

    @Test
    void scoresEveryPairOfAPromptIdInCsvAndParquet() throws Exception {
        // a new user's CSV: two pairs under one prompt_id
        Path p = csv("multi.csv", """
                prompt_id,prompt,chosen,rejected
                p1,Q,good,bad
                p1,Q,fine,worse
                p2,R,yes,no
                """);
        List<PairReader.Row> rows = readAll(p, Format.CSV);
        assertEquals(List.of("ok", "ok", "ok"), reasons(rows));
        assertEquals(List.of("p1#1", "p1#2", "p2#1"), rows.stream().map(r -> ok(r).id()).toList());
        assertEquals(List.of("p1", "p1", "p2"), rows.stream().map(r -> ok(r).promptId()).toList());

        Path q = parquet("multi.parquet", """
                SELECT * FROM (VALUES (10::BIGINT, 3, 'Q', 'a', 'b'), (11::BIGINT, 3, 'Q', 'c', 'd'))
                  t(id, prompt_id, prompt, chosen, rejected)""");
        List<PairReader.Row> pq = readAll(q, Format.PARQUET);
        assertEquals(List.of("10", "11"), pq.stream().map(r -> ok(r).id()).toList(), "an explicit id still wins");
        assertEquals(List.of("3", "3"), pq.stream().map(r -> ok(r).promptId()).toList());
    }

    @Test
    void readsGzippedCsv() throws IOException {
        byte[] content = "prompt,chosen,rejected\np,c,r\n".getBytes(StandardCharsets.UTF_8);
        PreferencePair p = ok(readAll(Fixtures.bytes(dir, "t.csv.gz", Fixtures.gzip(content)), Format.AUTO).getFirst());
        assertEquals("c", p.chosen().response());
    }

    @Test
    void failsOnACsvWithoutTheNeededColumns() throws IOException {
        Path p = csv("cols.csv", "question,chosen\nq,c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.open(p, Format.CSV));
        assertTrue(e.getMessage().contains("cols.csv") && e.getMessage().contains("no column rejected, prompt")
                && e.getMessage().contains("has: question, chosen"), e.getMessage());
    }

    @Test
    void failsOnMalformedCsvWhenOpening() throws IOException {
        StringBuilder sb = new StringBuilder("prompt,chosen,rejected\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append("p").append(i).append(",c,r\n");
        }
        Path ragged = csv("ragged.csv", sb + "p,c\n"); // beyond the sniffer's sample: found by the full check
        IOException e = assertThrows(IOException.class, () -> Datasets.open(ragged, Format.CSV));
        assertTrue(e.getMessage().contains("ragged.csv") && e.getMessage().contains("CSV"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, e.getMessage());

        byte[] latin1 = "prompt,chosen,rejected\ncaf\u00e9,c,r\n".getBytes(StandardCharsets.ISO_8859_1);
        IOException u = assertThrows(IOException.class,
                () -> Datasets.open(Fixtures.bytes(dir, "latin1.csv", latin1), Format.CSV));
        assertTrue(u.getMessage().contains("latin1.csv") && u.getMessage().contains("unicode"), u.getMessage());
    }

    @Test
    void readsParquetStringColumns() throws Exception {
        Path p = parquet("t.parquet", """
                SELECT * FROM (VALUES
                  (7::BIGINT, 'p1', 'c1', 'r1'),
                  (8::BIGINT, 'p2', NULL, 'r2'),
                  (9::BIGINT, 'p3', 'c3', 'a' || chr(0) || 'b'),
                  (7::BIGINT, 'p4', 'c4', 'r4')) t(pair_id, prompt, chosen, rejected)""");
        List<PairReader.Row> rows = readAll(p, Format.AUTO);
        assertEquals(List.of("ok", "null_value", "nul_byte", "duplicate_id"), reasons(rows));
        PreferencePair p1 = ok(rows.getFirst());
        assertEquals("7", p1.id());
        assertEquals(List.of(new Turn("user", "p1")), p1.chosen().prompt());
        assertEquals("\n\nHuman: p1\n\nAssistant: r1", p1.rejected().raw());
        assertEquals("row 3, field 'rejected': NUL character (U+0000) at char 1", bad(rows.get(2)).detail());
    }

    @Test
    void readsParquetMessageLists() throws Exception {
        // the UltraFeedback-binarized layout: prompt text, prompt_id, and chosen/rejected as lists of structs
        Path p = parquet("uf.parquet", """
                SELECT * FROM (VALUES
                  ('Q', 'h1', [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'good'}],
                              [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'bad'}]),
                  ('Q', 'h2', [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'good'}],
                              [{'role': 'user', 'content': 'Q?'}, {'role': 'assistant', 'content': 'bad'}]),
                  ('Q', 'h3', [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': NULL}],
                              [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'bad'}]),
                  ('Q', 'h4', [{'role': 'user', 'content': 'Q'}],
                              [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'bad'}])
                ) t(prompt, prompt_id, chosen, rejected)""");
        List<PairReader.Row> rows = readAll(p, Format.PARQUET);
        assertEquals(List.of("ok", "ok", "null_value", "unparseable_dialogue"), reasons(rows));
        PreferencePair first = ok(rows.get(0));
        assertEquals("h1#1", first.id());
        assertEquals("h1", first.promptId());
        assertEquals(List.of(new Turn("user", "Q")), first.chosen().prompt());
        assertEquals("good", first.chosen().response());
        assertEquals("bad", first.rejected().response());
        assertEquals(Set.of(), first.flags());
        assertEquals(Set.of(PreferencePair.FLAG_PROMPT_DIFFERS), ok(rows.get(1)).flags());
        assertTrue(bad(rows.get(2)).detail().contains("field 'chosen[1].content': is null"), bad(rows.get(2)).detail());
    }

    @Test
    void parquetMessageListsNeedNoPromptColumnButStringsDo() throws Exception {
        Path lists = parquet("l.parquet", """
                SELECT [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'A'}] AS chosen,
                       [{'role': 'user', 'content': 'Q'}, {'role': 'assistant', 'content': 'B'}] AS rejected""");
        assertEquals("\n\nHuman: Q\n\nAssistant: B", ok(readAll(lists, Format.PARQUET).getFirst()).rejected().raw());
        Path strings = parquet("s.parquet", "SELECT 'A' AS chosen, 'B' AS rejected, 1 AS score");
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.open(strings, Format.AUTO));
        assertTrue(e.getMessage().contains("s.parquet") && e.getMessage().contains("no column prompt")
                && e.getMessage().contains("has: chosen, rejected, score"), e.getMessage());
    }

    @Test
    void reportsParquetColumnsOfTheWrongType() throws Exception {
        Path p = parquet("w.parquet", "SELECT 'p' AS prompt, 42 AS chosen, 'r' AS rejected, true AS id");
        List<PairReader.Row> rows = readAll(p, Format.PARQUET);
        assertEquals(List.of("wrong_type"), reasons(rows));
        assertTrue(bad(rows.getFirst()).detail().contains("field 'id'"), bad(rows.getFirst()).detail());
    }

    @Test
    void streamsLargeParquetInFileOrder() throws Exception {
        int n = 300_000;
        Path p = dir.resolve("big.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT i AS id, 'p' || i AS prompt, 'c' AS chosen, 'r' AS rejected FROM range(" + n
                    + ") t(i)) TO '" + p + "' (FORMAT parquet, ROW_GROUP_SIZE 10000)");
        }
        long count = 0;
        try (PairReader r = Datasets.open(p, Format.AUTO)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                PreferencePair pair = ok(row);
                assertEquals(Long.toString(count), pair.id()); // row order is the file's, across row groups
                assertEquals(count + 1, pair.row());
                count++;
            }
        }
        assertEquals(n, count);
    }

    @Test
    void failsOnAFileThatIsNotParquet() throws IOException {
        Path p = csv("fake.parquet", "prompt,chosen,rejected\np,c,r\n");
        IOException e = assertThrows(IOException.class, () -> Datasets.open(p, Format.AUTO));
        assertTrue(e.getMessage().contains("fake.parquet") && e.getMessage().contains("Parquet"), e.getMessage());
    }
}
