package dev.seal.reliability;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.cli.Main;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Model;
import dev.seal.engine.NativeTests;
import dev.seal.format.PairFormatter;
import dev.seal.gguf.SmallModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile rows through the whole `seal score` path (worker included), under each truncation policy:
 * every bad row lands in the errors file with its reason (the per-reason counts are exact), nothing crashes, and
 * no scored row was altered without a flag: each scored row's token counts equal an independent tokenization of its
 * texts, unless it carries the {@code truncated} flag (and then it fits the context).
 */
class HostileRowsTest {
    @TempDir
    static Path dir;

    static Path model;
    static final ObjectMapper JSON = new ObjectMapper();
    /** id -> the pair, of the rows expected to be scored under some policy. */
    static final Map<String, PreferencePair> PAIRS = new HashMap<>();

    static String row(String id, String prompt, String chosen, String rejected) throws IOException {
        return row(id, List.of(new Turn("user", prompt)), prompt, chosen, rejected);
    }

    /** A row whose prompt field (a string or a message list) reads as {@code turns}. */
    static String row(String id, List<Turn> turns, Object promptField, String chosen, String rejected)
            throws IOException {
        PAIRS.put(id, new PreferencePair(id, null, 0, PreferencePair.Side.rendered(turns, chosen),
                PreferencePair.Side.rendered(turns, rejected), Set.of()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("prompt", promptField);
        m.put("chosen", chosen);
        m.put("rejected", rejected);
        return JSON.writeValueAsString(m);
    }

    static Path data;

    @BeforeAll
    static void corpus() throws IOException {
        NativeTests.requireNative();
        model = SmallModels.rewardModel(dir.resolve("model"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(row("ok" + i, "how do I bake bread " + i + "?", "Knead, rise, bake.", "No."));
        }
        lines.add("{\"id\": \"empty\", \"prompt\": \"hi\", \"chosen\": \"\", \"rejected\": \"no\"}");
        lines.add("{\"id\": \"blank\", \"prompt\": \"hi\", \"chosen\": \" \\t\\u00a0 \", \"rejected\": \"no\"}");
        lines.add("{\"id\": \"nul\", \"prompt\": \"hi\", \"chosen\": \"a\\u0000b\", \"rejected\": \"no\"}");
        lines.add("{\"id\": \"surrogate\", \"prompt\": \"hi \\ud800\", \"chosen\": \"yes\", \"rejected\": \"no\"}");
        lines.add("{\"id\": \"truncated-json\", \"prompt\": \"hi\", \"chosen\": ");
        lines.add("{\"id\": \"nullfield\", \"prompt\": \"hi\", \"chosen\": null, \"rejected\": \"no\"}");
        lines.add("{\"id\": \"typed\", \"prompt\": \"hi\", \"chosen\": 5, \"rejected\": \"no\"}");
        lines.add("{\"id\": \"ok0\", \"prompt\": \"a duplicate id\", \"chosen\": \"yes\", \"rejected\": \"no\"}");
        String mb = "lorem ipsum dolor sit amet ".repeat(40_000);  // ~1 MB
        lines.add(row("mb-response", "tell me everything", mb, "no"));
        lines.add(row("mb-prompt", mb, "Sure.", "No."));
        lines.add(row("long-prompt", "please help me with this ".repeat(300), "Sure, gladly.", "No."));
        // a long conversation whose last question fits: --truncate left drops its first exchange
        String early = "please help me with this ".repeat(300);
        lines.add(row("long-history", List.of(new Turn("user", early), new Turn("assistant", "Sure."),
                new Turn("user", "how do I bake bread?")), List.of(Map.of("role", "user", "content", early),
                Map.of("role", "assistant", "content", "Sure."), Map.of("role", "user", "content", "how do I bake bread?")),
                "Knead, rise, bake.", "No."));
        lines.add(row("too-large", "x".repeat(5_000_000), "yes", "no"));
        for (String l : lines) {
            b.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // invalid UTF-8 inside a string
        b.writeBytes("{\"id\": \"badutf8\", \"prompt\": \"caf".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        b.writeBytes("\", \"chosen\": \"yes\", \"rejected\": \"no\"}\n".getBytes(StandardCharsets.UTF_8));
        data = Files.write(dir.resolve("hostile.jsonl"), b.toByteArray());
    }

    static Map<String, Long> reasons(Path errors) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        for (String l : Files.readAllLines(errors)) {
            m.merge(JSON.readTree(l).get("reason").asText(), 1L, Long::sum);
        }
        return m;
    }

    /** Scored rows whose token counts differ from an independent tokenization while carrying no flag. */
    static int alteredWithoutFlag(Path scores, int maxTokens) throws IOException {
        int altered = 0;
        try (Model m = Model.load(model, Model.Options.defaults())) {
            PairFormatter f = new PairFormatter(m, PairFormatter.Mode.CHAT_TEMPLATE, null, Integer.MAX_VALUE,
                    PairFormatter.Truncation.ERROR);
            for (String l : Files.readAllLines(scores)) {
                JsonNode n = JSON.readTree(l);
                PairFormatter.Formatted whole;
                try {
                    whole = f.format(PAIRS.get(n.get("id").asText()));
                } catch (PairFormatter.FormatException e) {
                    throw new AssertionError(e);
                }
                boolean flagged = n.get("flags").asText().contains("truncated");
                int c = n.get("chosen_tokens").asInt();
                int r = n.get("rejected_tokens").asInt();
                if (flagged) {
                    assertTrue(c <= maxTokens && r <= maxTokens && c < whole.chosen().length, l);
                } else if (c != whole.chosen().length || r != whole.rejected().length) {
                    altered++;
                }
            }
        }
        return altered;
    }

    @Test
    void underTruncateErrorEveryBadRowIsReportedWithItsReason() throws IOException {
        Path out = dir.resolve("error-policy.jsonl");
        Run r = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--max-tokens", "512", "--max-text-bytes", "4000000");
        assertEquals(0, r.code(), r.err());
        Map<String, Long> got = reasons(dir.resolve("error-policy.errors.jsonl"));
        assertEquals(new TreeMap<>(Map.of("empty_text", 2L, "nul_byte", 1L, "lone_surrogate", 1L, "invalid_json", 1L,
                "null_value", 1L, "wrong_type", 1L, "duplicate_id", 1L, "too_long", 4L, "text_too_large", 1L,
                "invalid_utf8", 1L)), got);
        assertEquals(5, Files.readAllLines(out).size());
        assertEquals(0, alteredWithoutFlag(out, 512));
        assertTrue(r.out().contains("errors         14"), r.out());
        System.out.println("seal-test: hostile rows, --truncate error: 5 scored, 14 errors " + got + ", 0 altered without a flag");
    }

    @Test
    void underTruncateLeftOverlongConversationsLoseEarlyTurnsAndAreFlaggedAndNothingElseChanges() throws IOException {
        Path out = dir.resolve("left-policy.jsonl");
        Run r = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--max-tokens", "512", "--truncate", "LEFT", "--max-text-bytes", "4000000");
        assertEquals(0, r.code(), r.err());
        Map<String, Long> got = reasons(dir.resolve("left-policy.errors.jsonl"));
        assertEquals(new TreeMap<>(Map.of("empty_text", 2L, "nul_byte", 1L, "lone_surrogate", 1L, "invalid_json", 1L,
                "null_value", 1L, "wrong_type", 1L, "duplicate_id", 1L, "too_long", 3L, "text_too_large", 1L,
                "invalid_utf8", 1L)), got);
        List<String> rows = Files.readAllLines(out);
        assertEquals(6, rows.size());
        List<String> flagged = new ArrayList<>();
        for (String l : rows) {
            JsonNode n = JSON.readTree(l);
            if (n.get("flags").asText().contains("truncated")) {
                flagged.add(n.get("id").asText());
            }
        }
        // whole turns only: a single over-long question (mb-prompt, long-prompt) has nothing to drop and is too long
        assertEquals(List.of("long-history"), flagged);
        assertEquals(0, alteredWithoutFlag(out, 512));
        System.out.println("seal-test: hostile rows, --truncate left: 6 scored (1 flagged truncated), 13 errors " + got
                + ", 0 altered without a flag");
    }

    @Test
    void parquetNullsAreRowErrorsAndAMalformedCsvIsRefusedUpFront() throws Exception {
        Path pq = dir.resolve("nulls.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('a', 'hi', 'good', 'bad'), (NULL, 'hi', 'good', 'bad'),"
                    + " ('c', 'hi', NULL, 'bad'), ('d', NULL, 'good', 'bad')) t(id, prompt, chosen, rejected)) TO '"
                    + pq.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        Path out = dir.resolve("pq.csv");
        Run r = seal("score", "--model", model.toString(), "--data", pq.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(Map.of("null_value", 3L), reasons(dir.resolve("pq.errors.jsonl")));
        assertEquals(2, Files.readAllLines(out).size(), "header + one row");

        Path csv = Files.writeString(dir.resolve("bad.csv"), "id,prompt,chosen,rejected\na,hi,good,bad\nb,\"hi,good,bad\n");
        Run bad = seal("score", "--model", model.toString(), "--data", csv.toString(), "--out", dir.resolve("c.csv").toString(), "-q");
        assertEquals(Main.EXIT_BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("seal: "), bad.err());
    }
}
