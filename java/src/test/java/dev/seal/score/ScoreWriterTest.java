package dev.seal.score;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreWriterTest {
    @TempDir
    Path dir;

    static final List<String> FIXED = ScoreColumnsTest.FIXED;
    static final List<String> MULTI_LABELS = List.of("Helpfulness", "safety score", "reward");
    static final List<String> MULTI_EXTRA = List.of("chosen_helpfulness", "rejected_helpfulness",
            "chosen_safety_score", "rejected_safety_score", "chosen_reward_2", "rejected_reward_2");

    /** Records that stress every format: quoting, unicode, NaN, infinities, extreme and inexact floats, ties. */
    static List<ScoreRecord> multiRecords() {
        return List.of(
                new ScoreRecord("plain", 1, new float[] {0.1f, 1.0E-5f, -3.25f},
                        new float[] {-0.3f, Float.MAX_VALUE, Float.MIN_VALUE}, 100, 90, 40, Set.of()),
                new ScoreRecord("has,comma \"quote\"\r\nnew line ü 😀#1", "has,comma \"quote\"\r\nnew line ü 😀", 2,
                        new float[] {Float.NaN, 1f, 2f},
                        new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY}, 5, 5, 5,
                        Set.of("truncated", "prompt_differs")),
                new ScoreRecord("tie", 3_000_000_000L, new float[] {2f, Float.NEGATIVE_INFINITY, 0.333333343f},
                        new float[] {2f, -0f, 1.17549435E-38f}, 0, 7, 0, Set.of("x")));
    }

    static List<ScoreRecord> singleRecords() {
        return List.of(
                new ScoreRecord("r1", 1, new float[] {4.2f}, new float[] {-1.1f}, 300, 280, 250, Set.of()),
                new ScoreRecord("r2", "7", 2, new float[] {-0.5f}, new float[] {Float.NaN}, 10, 12, 3, Set.of("a")));
    }

    /**
     * The values a row must read back as, built here by hand (not through the writer's own column mapping), boxed
     * as the column types: String, Long, Float, Boolean, Integer.
     */
    static List<Object> expected(ScoreRecord r, int labels, boolean nonFiniteAsNull) {
        List<Object> row = new ArrayList<>(Arrays.asList(r.id(), r.promptId(), r.row(), r.chosenReward(), r.rejectedReward(),
                r.chosenReward() - r.rejectedReward(), r.chosenReward() > r.rejectedReward(),
                r.chosenTokens(), r.rejectedTokens(), r.sharedTokens(), String.join(";", r.flags())));
        if (labels > 1) {
            for (int i = 0; i < labels; i++) {
                row.add(r.chosen(i));
                row.add(r.rejected(i));
            }
        }
        if (nonFiniteAsNull) {
            row.replaceAll(v -> v instanceof Float f && !Float.isFinite(f) ? null : v);
        }
        return row;
    }

    static List<List<Object>> expectedRows(List<ScoreRecord> records, int labels, boolean nonFiniteAsNull) {
        return records.stream().map(r -> expected(r, labels, nonFiniteAsNull)).toList();
    }

    /**
     * 'S'tring, 'N'ullable string, 'L'ong, 'F'loat, 'B'oolean, 'I'nteger per column: the layout's types, written out
     * independently.
     */
    static String types(int labels) {
        return "SNLFFFBIIIS" + (labels > 1 ? "F".repeat(2 * labels) : "");
    }

    static Path write(Path out, List<String> labels, List<ScoreRecord> records) throws IOException {
        try (ScoreWriter w = ScoreWriter.open(out, labels)) {
            for (ScoreRecord r : records) {
                w.write(r);
            }
            assertEquals(records.size(), w.rows());
        }
        return out;
    }

    // ---- CSV ------------------------------------------------------------------------------------------------

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; fails on anything else. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                i++;
                while (true) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            } else {
                while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i++);
                    assertTrue(c != '"' && c != '\n', "unquoted field holds a quote or LF at " + i);
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (text.charAt(i) == ',') {
                i++;
            } else {
                assertEquals("\r\n", text.substring(i, i + 2), "record must end in CRLF");
                i += 2;
                records.add(fields);
                fields = new ArrayList<>();
            }
        }
        return records;
    }

    static List<Object> typed(List<String> cells, String types) {
        assertEquals(types.length(), cells.size(), "cells in row");
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String s = cells.get(i);
            row.add(switch (types.charAt(i)) {
                case 'S' -> s;
                case 'N' -> s.isEmpty() ? null : s; // CSV has no null: no prompt id is an empty field
                case 'L' -> Long.parseLong(s);
                case 'F' -> Float.parseFloat(s);
                case 'B' -> switch (s) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new AssertionError("not a boolean: " + s);
                };
                case 'I' -> Integer.parseInt(s);
                default -> throw new AssertionError();
            });
        }
        return row;
    }

    static List<List<String>> readCsv(Path p) throws IOException {
        return parseCsv(Files.readString(p, StandardCharsets.UTF_8));
    }

    @Test
    void csvRoundTripsMultiLabel() throws IOException {
        Path out = write(dir.resolve("s.csv"), MULTI_LABELS, multiRecords());
        List<List<String>> rows = readCsv(out);
        List<String> header = new ArrayList<>(FIXED);
        header.addAll(MULTI_EXTRA);
        assertEquals(header, rows.getFirst());
        List<List<Object>> got = rows.subList(1, rows.size()).stream().map(r -> typed(r, types(3))).toList();
        assertEquals(expectedRows(multiRecords(), 3, false), got);
    }

    @Test
    void csvRoundTripsSingleLabel() throws IOException {
        Path out = write(dir.resolve("s.csv"), List.of("score"), singleRecords());
        List<List<String>> rows = readCsv(out);
        assertEquals(FIXED, rows.getFirst());
        assertEquals(expectedRows(singleRecords(), 1, false),
                rows.subList(1, rows.size()).stream().map(r -> typed(r, types(1))).toList());
    }

    @Test
    void csvQuotesOnlyWhenNeeded() throws IOException {
        Path out = write(dir.resolve("s.csv"), List.of("score"), List.of(
                new ScoreRecord("a b", 1, new float[] {1f}, new float[] {0f}, 1, 1, 0, Set.of()),
                new ScoreRecord("say \"hi\", ok", 2, new float[] {1f}, new float[] {0f}, 1, 1, 0, Set.of())));
        String text = Files.readString(out);
        assertTrue(text.contains("\r\na b,,1,1.0,0.0,1.0,true,1,1,0,\r\n"), text);
        assertTrue(text.contains("\r\n\"say \"\"hi\"\", ok\",,2,"), text);
    }

    // ---- JSONL ----------------------------------------------------------------------------------------------

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One JSONL line as typed values, through the streaming parser so each number is taken from its exact text
     * (a tree would go through double or BigDecimal, and BigDecimal drops the sign of -0.0).
     */
    static List<Object> typedJson(String line, List<String> names, String types) throws IOException {
        List<Object> row = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            int i = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                assertEquals(names.get(i), p.currentName(), "keys in column order");
                JsonToken t = p.nextToken();
                row.add(switch (types.charAt(i)) {
                    case 'S' -> t == JsonToken.VALUE_STRING ? p.getText() : fail(t);
                    case 'N' -> t == JsonToken.VALUE_NULL ? null : t == JsonToken.VALUE_STRING ? p.getText() : fail(t);
                    case 'L' -> t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : fail(t);
                    case 'F' -> t == JsonToken.VALUE_NULL ? null
                            : t == JsonToken.VALUE_NUMBER_FLOAT ? Float.parseFloat(p.getText()) : fail(t);
                    case 'B' -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE ? p.getBooleanValue() : fail(t);
                    case 'I' -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                            ? p.getIntValue() : fail(t);
                    default -> throw new AssertionError();
                });
                i++;
            }
            assertEquals(names.size(), i, "keys in object");
            assertNull(p.nextToken(), "one object per line");
        }
        return row;
    }

    static Object fail(JsonToken t) {
        throw new AssertionError("wrong JSON token: " + t);
    }

    static List<String> jsonlLines(Path p) throws IOException {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "last line ends with a newline");
        return List.of(text.split("\n"));
    }

    static List<List<Object>> readJsonl(Path p, List<String> names, int labels) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (String line : jsonlLines(p)) {
            rows.add(typedJson(line, names, types(labels)));
        }
        return rows;
    }

    @Test
    void jsonlRoundTripsMultiLabelWithNullForNonFinite() throws IOException {
        Path out = write(dir.resolve("s.jsonl"), MULTI_LABELS, multiRecords());
        List<String> names = new ArrayList<>(FIXED);
        names.addAll(MULTI_EXTRA);
        assertEquals(expectedRows(multiRecords(), 3, true), readJsonl(out, names, 3));
        // The NaN chosen reward of the second record is a JSON null, not the non-standard NaN token, and a
        // standard reader (Jackson's defaults reject NaN) reads every line.
        for (String line : jsonlLines(out)) {
            assertTrue(JSON.readTree(line).isObject());
        }
        JsonNode second = JSON.readTree(jsonlLines(out).get(1));
        assertTrue(second.get("chosen_reward").isNull());
        assertEquals("has,comma \"quote\"\r\nnew line ü 😀", second.get("prompt_id").textValue());
        assertTrue(JSON.readTree(jsonlLines(out).getFirst()).get("prompt_id").isNull(), "no prompt id is a JSON null");
        assertFalse(Files.readString(out).contains("NaN"));
    }

    @Test
    void jsonlRoundTripsSingleLabel() throws IOException {
        Path out = write(dir.resolve("s.jsonl"), List.of("score"), singleRecords());
        assertEquals(expectedRows(singleRecords(), 1, true), readJsonl(out, FIXED, 1));
    }

    // ---- Parquet --------------------------------------------------------------------------------------------

    static List<String[]> parquetSchema(Connection c, Path p) throws SQLException {
        List<String[]> cols = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet("
                     + ParquetScoreWriter.literal(p.toString()) + ")")) {
            while (rs.next()) {
                cols.add(new String[] {rs.getString("column_name"), rs.getString("column_type")});
            }
        }
        return cols;
    }

    static List<List<Object>> readParquet(Connection c, Path p) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + ParquetScoreWriter.literal(p.toString()) + ")")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void assertParquetTypes(List<String[]> schema, List<String> names, int labels) {
        String types = types(labels);
        assertEquals(names, schema.stream().map(c -> c[0]).toList());
        for (int i = 0; i < types.length(); i++) {
            String want = switch (types.charAt(i)) {
                case 'S', 'N' -> "VARCHAR";
                case 'L' -> "BIGINT";
                case 'F' -> "FLOAT";
                case 'B' -> "BOOLEAN";
                case 'I' -> "INTEGER";
                default -> throw new AssertionError();
            };
            assertEquals(want, schema.get(i)[1], "type of " + names.get(i));
        }
    }

    @Test
    void parquetRoundTripsMultiLabelWithTypes() throws Exception {
        Path out = write(dir.resolve("s.parquet"), MULTI_LABELS, multiRecords());
        List<String> names = new ArrayList<>(FIXED);
        names.addAll(MULTI_EXTRA);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertParquetTypes(parquetSchema(c, out), names, 3);
            // Float.equals compares bits, so NaN == NaN and -0f != 0f: an exact round trip.
            assertEquals(expectedRows(multiRecords(), 3, false), readParquet(c, out));
        }
    }

    @Test
    void parquetRoundTripsSingleLabel() throws Exception {
        Path out = write(dir.resolve("s.parquet"), List.of("score"), singleRecords());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertParquetTypes(parquetSchema(c, out), FIXED, 1);
            assertEquals(expectedRows(singleRecords(), 1, false), readParquet(c, out));
        }
    }

    @Test
    void parquetKeepsRowOrderAcrossManyRows() throws Exception {
        List<ScoreRecord> many = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            many.add(new ScoreRecord("r" + i, i + 1, new float[] {i * 0.5f}, new float[] {i * 0.25f}, 3, 3, 1, Set.of()));
        }
        Path out = write(dir.resolve("many.parquet"), List.of("score"), many);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT row FROM read_parquet(" + ParquetScoreWriter.literal(out.toString()) + ")")) {
            long expect = 1;
            while (rs.next()) {
                assertEquals(expect++, rs.getLong(1));
            }
            assertEquals(50_001, expect);
        }
    }

    @Test
    void parquetPathWithQuote() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("it's here"));
        Path out = write(sub.resolve("o'k.parquet"), List.of("score"), singleRecords());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(2, readParquet(c, out).size());
        }
    }

    // ---- publish on close -----------------------------------------------------------------------------------

    static List<Path> listDir(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.csv", "s.jsonl", "s.parquet"})
    void noFinalFileBeforeClose(String name) throws IOException {
        Path out = dir.resolve(name);
        ScoreWriter w = ScoreWriter.open(out, List.of("score"));
        for (ScoreRecord r : singleRecords()) {
            w.write(r);
        }
        assertFalse(Files.exists(out), "output must not exist before close");
        for (Path p : listDir(dir)) {
            assertTrue(p.getFileName().toString().startsWith(".") && p.getFileName().toString().endsWith(".tmp"),
                    "only hidden temp files before close: " + p);
        }
        w.close();
        assertTrue(Files.size(out) > 0);
        assertEquals(List.of(out), listDir(dir), "temp files are gone after close");
        w.close(); // idempotent
        assertEquals(List.of(out), listDir(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.csv", "s.jsonl", "s.parquet"})
    void abortLeavesNothing(String name) throws IOException {
        Path out = dir.resolve(name);
        ScoreWriter w = ScoreWriter.open(out, List.of("score"));
        w.write(singleRecords().getFirst());
        w.abort();
        w.close();
        assertEquals(List.of(), listDir(dir));
        assertThrows(IllegalStateException.class, () -> w.write(singleRecords().getFirst()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.csv", "s.jsonl", "s.parquet"})
    void existingOutputSurvivesUntilClose(String name) throws IOException {
        Path out = dir.resolve(name);
        Files.writeString(out, "old");
        try (ScoreWriter w = ScoreWriter.open(out, List.of("score"))) {
            w.write(singleRecords().getFirst());
            assertEquals("old", Files.readString(out));
        }
        assertFalse("old".equals(Files.readString(out, StandardCharsets.ISO_8859_1)));
    }

    @Test
    void wrongLabelCountIsRejectedAndWriterStaysUsable() throws IOException {
        Path out = dir.resolve("s.csv");
        try (ScoreWriter w = ScoreWriter.open(out, MULTI_LABELS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.write(singleRecords().getFirst()));
            assertTrue(e.getMessage().contains("Helpfulness"), e.getMessage());
            w.write(multiRecords().getFirst());
        }
        assertEquals(2, readCsv(out).size());
    }

    @Test
    void unsupportedExtensionNamesTheSupportedOnes() {
        for (String name : List.of("s.tsv", "s.json", "s", ".csv", "s.csv.gz")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoreWriter.open(dir.resolve(name), List.of("score")), name);
            assertTrue(e.getMessage().contains(".csv, .jsonl, .parquet"), e.getMessage());
        }
        assertEquals(ScoreFormat.PARQUET, ScoreFormat.of(Path.of("A.PARQUET")));
    }

    @Test
    void headerOnlyWhenNoRows() throws Exception {
        Path csv = write(dir.resolve("e.csv"), List.of("score"), List.of());
        assertEquals(List.of(FIXED), readCsv(csv));
        Path jsonl = write(dir.resolve("e.jsonl"), List.of("score"), List.of());
        assertEquals(0, Files.size(jsonl));
        Path pq = write(dir.resolve("e.parquet"), List.of("score"), List.of());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertParquetTypes(parquetSchema(c, pq), FIXED, 1);
            assertEquals(List.of(), readParquet(c, pq));
        }
    }

    @Test
    void writerReportsItsColumnsAndFormat() throws IOException {
        try (ScoreWriter w = ScoreWriter.open(dir.resolve("x.jsonl"), MULTI_LABELS)) {
            Iterator<String> it = w.columns().iterator();
            for (String f : FIXED) {
                assertEquals(f, it.next());
            }
            assertEquals(ScoreFormat.JSONL, w.format());
            assertEquals(dir.resolve("x.jsonl").toAbsolutePath(), w.path());
        }
    }
}
