package dev.seal.cli;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.DemoModel;
import dev.seal.testing.Parts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void modelProblemsExitWithCode4AndOneLineAndLeaveTheEarlierOutputsAlone() throws IOException {
        NativeTests.requireNative();
        Path data = dir.resolve("pairs.jsonl");
        Files.write(data, List.of("{\"chosen\": \"" + hh("a", "b") + "\", \"rejected\": \"" + hh("a", "c") + "\"}",
                "{\"chosen\": "));
        Path out = dir.resolve("s.csv");
        Path errors = dir.resolve("s.errors.jsonl");

        // an earlier run's outputs: one scored pair, one error
        Path noTemplate = DemoModel.write(dir.resolve("notemplate.gguf"), DemoModel.Spec.defaults());
        Run raw = seal("score", "--model", noTemplate.toString(), "--data", data.toString(), "--out", out.toString(), "-q", "--raw");
        assertEquals(0, raw.code(), raw.err());
        byte[] scores = Files.readAllBytes(out);
        byte[] errorLines = Files.readAllBytes(errors);
        assertEquals(2, Files.readAllLines(out).size(), "header and one pair");
        assertTrue(new String(errorLines, StandardCharsets.UTF_8).contains("invalid_json"));

        Path garbage = dir.resolve("garbage.gguf");
        Files.write(garbage, "this is not a gguf file at all".getBytes(StandardCharsets.UTF_8));
        Path good = NativeTests.tinyLlama();
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.gguf");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path headless = DemoModel.write(dir.resolve("headless.gguf"),
                DemoModel.Spec.defaults().withIncludeHead(false).withChatTemplate(DemoCommand.TEMPLATE));
        Map<Path, String> says = new java.util.LinkedHashMap<>();
        says.put(garbage, "garbage.gguf");
        says.put(truncated, "truncated.gguf");
        says.put(headless, "seal.reward.head.weight");  // how to add a head
        says.put(noTemplate, "--raw");
        for (var model : says.entrySet()) {
            Run bad = seal("score", "--model", model.getKey().toString(), "--data", data.toString(), "--out", out.toString(), "-q");
            assertEquals(Main.EXIT_MODEL, bad.code(), model.getKey() + ": " + bad.err());
            assertTrue(bad.err().startsWith("seal: ") && bad.err().contains(model.getValue()), bad.err());
            assertArrayEquals(scores, Files.readAllBytes(out), "the earlier scores are untouched");
            assertArrayEquals(errorLines, Files.readAllBytes(errors), "the earlier errors file is untouched");
            assertFalse(Files.exists(dev.seal.job.ShardedJob.dirFor(out)), "no job directory is left");
        }

        Run missingData = seal("score", "--model", good.toString(), "--data", dir.resolve("nope.jsonl").toString(), "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, missingData.code(), missingData.err());
    }

    @Test
    void outputsSharingAStemInOneFolderKeepTheirOwnErrorsFiles() throws IOException {
        Path model = NativeTests.tinyLlama();
        String good = "{\"chosen\": \"" + hh("hi?", "Hello!") + "\", \"rejected\": \"" + hh("hi?", "Go away.") + "\"}";
        Path a = Files.write(dir.resolve("a.jsonl"), List.of(good, "{\"chosen\": "));
        Path b = Files.write(dir.resolve("b.jsonl"), List.of(good, "{\"chosen\": \"   \", \"rejected\": \"" + hh("a", "b") + "\"}"));
        for (Path[] run : new Path[][] {{a, dir.resolve("run.a.csv")}, {b, dir.resolve("run.b.csv")}}) {
            Run r = seal("score", "--model", model.toString(), "--data", run[0].toString(), "--out", run[1].toString(), "-q");
            assertEquals(0, r.code(), r.err());
        }
        assertTrue(Files.readString(dir.resolve("run.a.errors.jsonl")).contains("invalid_json"));
        assertTrue(Files.readString(dir.resolve("run.b.errors.jsonl")).contains("empty_text"));
        assertFalse(Files.exists(dir.resolve("run.errors.jsonl")));
    }

    @Test
    void outOfRangeValuesAreRefusedBeforeAnyWork() throws IOException {
        Path model = NativeTests.tinyLlama();
        Path data = Files.write(dir.resolve("pairs.jsonl"),
                List.of("{\"chosen\": \"" + hh("a", "b") + "\", \"rejected\": \"" + hh("a", "c") + "\"}"));
        Path out = dir.resolve("s.jsonl");
        for (String[] bad : new String[][] {{"--batch-tokens", "-5"}, {"--max-tokens", "0"}}) {
            Run r = seal("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                    bad[0], bad[1]);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(bad[0]) && r.err().contains(bad[1]), r.err());
            assertFalse(Files.exists(out));
        }
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
        Path hh = Parts.hhRlhfHarmlessBaseTest();
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
