package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal score` end to end: outputs, the errors file, exit codes, and bad models that must not crash the JVM. */
class ScoreCommandTest {
    @TempDir
    Path dir;


    static String hh(String prompt, String response) {
        return "\\n\\nHuman: " + prompt + "\\n\\nAssistant: " + response;
    }

    @Test
    void scoresGoodRowsAndReportsEachBadOneWithItsReason() throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = dir.resolve("pairs.jsonl");
        String longText = "word ".repeat(5000);
        List<String> lines = List.of(
                "{\"chosen\": \"" + hh("hi?", "Hello! How can I help?") + "\", \"rejected\": \"" + hh("hi?", "Go away.") + "\"}",
                "{\"chosen\": \"" + hh("bake bread?", "Knead, rise, bake.") + "\", \"rejected\": \"" + hh("bake bread?", "No.") + "\"}",
                "{\"chosen\": \"" + hh("x", "y") + "\", \"rejected\": ",  // malformed JSON
                "{\"chosen\": \"" + hh("long?", longText) + "\", \"rejected\": \"" + hh("long?", "short") + "\"}",
                "{\"chosen\": \"   \", \"rejected\": \"" + hh("a", "b") + "\"}",
                "{\"chosen\": \"" + hh("bad \\ud800 surrogate", "x") + "\", \"rejected\": \"" + hh("q", "y") + "\"}");
        Files.write(data, lines);
        Path out = dir.resolve("scores.jsonl");
        Run r = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(2, rows.size(), "scored rows: " + rows);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(rows.get(0));
        assertEquals("r1", first.get("id").asText());
        assertEquals(first.get("chosen_reward").floatValue() - first.get("rejected_reward").floatValue(),
                first.get("margin").floatValue(), 1e-6);
        assertTrue(first.get("shared_tokens").asInt() > 0, "the pair's prompt is shared: " + first);

        Map<String, Long> reasons = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("scores.errors.jsonl"))) {
            reasons.merge(json.readTree(line).get("reason").asText(), 1L, Long::sum);
        }
        assertEquals(Map.of("invalid_json", 1L, "too_long", 1L, "empty_text", 1L, "lone_surrogate", 1L), reasons);
        assertTrue(r.out().contains("pairs scored   2"), r.out());
        assertTrue(r.out().contains("errors         4"), r.out());
    }

    @Test
    void leftTruncationKeepsTheResponsesAndFlagsTheRow() throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = dir.resolve("pairs.jsonl");
        // a long first exchange, then the question the responses answer: LEFT drops the first exchange whole
        String conversation = "tell me more ".repeat(400) + "\\n\\nAssistant: Gladly.\\n\\nHuman: and in short?";
        Files.write(data, List.of("{\"chosen\": \"" + hh(conversation, "Sure, here you go.") + "\", \"rejected\": \""
                + hh(conversation, "No.") + "\"}"));
        Path out = dir.resolve("scores.csv");
        Run r = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--max-tokens", "256", "--truncate", "LEFT");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).contains("truncated"), rows.get(1));
        String[] cells = rows.get(1).split(",");
        List<String> header = List.of(rows.get(0).split(","));
        int chosenTokens = Integer.parseInt(cells[header.indexOf("chosen_tokens")]);
        int rejectedTokens = Integer.parseInt(cells[header.indexOf("rejected_tokens")]);
        assertTrue(chosenTokens <= 256 && rejectedTokens <= 256, rows.get(1));
    }

    @Test
    void modelProblemsExitWithCode4AndOneLine() throws IOException {
        NativeTests.requireNative();
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, List.of("{\"chosen\": \"" + hh("a", "b") + "\", \"rejected\": \"" + hh("a", "c") + "\"}"));
        Path out = dir.resolve("s.csv");

        Path garbage = dir.resolve("garbage.gguf");
        Files.write(garbage, "this is not a gguf file at all".getBytes(StandardCharsets.UTF_8));
        Run bad = seal("score", "--model", garbage.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
        assertEquals(Main.EXIT_MODEL, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("seal: "), bad.err());

        Path good = NativeTests.tinyLlama();
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.gguf");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run cut = seal("score", "--model", truncated.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
        assertEquals(Main.EXIT_MODEL, cut.code(), cut.err());

        Path headless = TinyModels.llamaRewardModel(dir.resolve("headless.gguf"),
                TinyModels.LlamaSpec.defaults().withIncludeHead(false).withChatTemplate(DemoCommand.TEMPLATE));
        Run none = seal("score", "--model", headless.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
        assertEquals(Main.EXIT_MODEL, none.code(), none.err());
        assertTrue(none.err().contains("seal.reward.head.weight"), "says how to add a head: " + none.err());

        Path noTemplate = TinyModels.llamaRewardModel(dir.resolve("notemplate.gguf"), TinyModels.LlamaSpec.defaults());
        Run nt = seal("score", "--model", noTemplate.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
        assertEquals(Main.EXIT_MODEL, nt.code(), nt.err());
        assertTrue(nt.err().contains("--raw"), nt.err());
        Run raw = seal("score", "--model", noTemplate.toString(), "--data", data.toString(), "--out", out.toString(), "-q", "--raw");
        assertEquals(0, raw.code(), raw.err());
        assertFalse(Files.exists(dir.resolve("missing.csv")));

        Run missingData = seal("score", "--model", good.toString(), "--data", dir.resolve("nope.jsonl").toString(), "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, missingData.code(), missingData.err());
    }

    @Test
    void inspectDescribesTheModel() throws IOException {
        Run r = seal("inspect", NativeTests.tinyLlama().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("architecture   llama"), r.out());
        assertTrue(r.out().contains("seal.reward.head on the last token"), r.out());
        assertTrue(r.out().contains("labels         reward"), r.out());
        assertTrue(r.out().contains("quantization   F32"), r.out());
    }

    @Test
    void realHhRlhfFileIsScoredEndToEnd() throws Exception {
        Path repo = Path.of(System.getProperty("seal.repo", "."));
        Path hh = repo.resolve("../shared/data/hh-rlhf/harmless-base-test.jsonl.gz").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(hh), "SKIPPED: " + hh + " is absent (it lives beside the clone, not in it)");
        Path out = dir.resolve("hh.parquet");
        Run r = seal("score", "--model", NativeTests.tinyLlama().toString(), "--data", hh.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        System.out.println("seal-test: hh-rlhf harmless-base-test end to end:\n" + r.out());
        assertTrue(r.out().contains("pairs scored   2,312"), r.out());
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             var rs = c.createStatement().executeQuery("SELECT count(*), count(DISTINCT id) FROM read_parquet('"
                     + out.toString().replace("'", "''") + "')")) {
            rs.next();
            assertEquals(2312, rs.getLong(1));
            assertEquals(2312, rs.getLong(2));
        }
    }
}
