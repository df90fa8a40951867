package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.GgufFile;
import dev.seal.gguf.SmallModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash isolation with libseal's fault-injection hooks (native/tests/seal_testing.h, in libseal built with
 * -DSEAL_TEST_HOOKS=ON): a row whose tokens make the native
 * side abort() (as a llama.cpp GGML_ASSERT would) kills only the worker; the supervisor restarts it, splits the
 * batch until the row is alone, and the job finishes with that row in the errors file and every other row scored.
 * A simulated out-of-memory at decode halves the tokens per decode until the decodes fit; under the floor, rows are
 * reported.
 * Rewards of the other rows equal an undisturbed run's (with --exact, to f32 rounding: 1e-5 relative).
 */
class CrashIsolationTest {
    @TempDir
    static Path dir;

    static Path model;
    static int poisonToken;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws IOException {
        NativeTests.requireTestHooks();
        model = SmallModels.rewardModel(dir.resolve("model"));
        // '~' is in no word piece of the small vocabulary, so it becomes its byte-fallback token, which no other row has
        poisonToken = GgufFile.read(model).getStringList("tokenizer.ggml.tokens").indexOf("<0x7E>");
        assertTrue(poisonToken > 0);
    }

    static List<String> args(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("score", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "-q", "--exact", "--chunk-pairs", "16", "--threads", "1"));
        a.addAll(List.of(more));
        return a;
    }

    static Map<String, JsonNode> rows(Path file) throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(l);
            m.put(n.get("id") == null || n.get("id").isNull() ? "row" + n.get("row") : n.get("id").asText(), n);
        }
        return m;
    }

    static void assertSameRewards(Map<String, JsonNode> expected, Map<String, JsonNode> got) {
        for (var e : got.entrySet()) {
            JsonNode x = expected.get(e.getKey());
            for (String f : List.of("chosen_reward", "rejected_reward")) {
                double a = x.get(f).asDouble();
                double b = e.getValue().get(f).asDouble();
                assertTrue(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a)), e.getKey() + " " + f + ": " + a + " vs " + b);
            }
        }
    }

    @Test
    void aRowThatAbortsTheNativeSideIsIsolatedAndEverythingElseIsScored() throws Exception {
        List<String> lines = new ArrayList<>(TestData.pairs(40, 3));
        lines.set(17, TestData.hh("poison", "tell me a joke ~", "Here is one about a cat.", "No."));
        Path data = TestData.write(dir.resolve("crash.jsonl"), lines);

        Path clean = Files.createDirectories(dir.resolve("clean"));
        ChildCli.Run ok = ChildCli.run(dir, List.of(), Map.of(), 0, args(data, clean.resolve("s.jsonl")));
        assertEquals(0, ok.code(), ok.err());

        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        ChildCli.Run r = ChildCli.run(dir, List.of(), Map.of("SEAL_DEBUG_ABORT_ON_TOKEN", String.valueOf(poisonToken)), 0,
                args(data, crashed.resolve("s.jsonl")));
        assertEquals(0, r.code(), "the job finishes despite the abort: " + r.err());
        assertTrue(r.err().contains("worker crashed"), r.err());
        Map<String, JsonNode> scores = rows(crashed.resolve("s.jsonl"));
        Map<String, JsonNode> errors = rows(crashed.resolve("s.errors.jsonl"));
        assertEquals(List.of("poison"), List.copyOf(errors.keySet()), "errors: " + errors);
        JsonNode e = errors.get("poison");
        assertEquals("worker_crashed", e.get("reason").asText());
        assertEquals("score", e.get("stage").asText());
        assertTrue(e.get("detail").asText().contains("SIGABRT") || e.get("detail").asText().contains("signal"), e.toString());
        assertEquals(39, scores.size());
        assertTrue(!scores.containsKey("poison"));
        assertSameRewards(rows(clean.resolve("s.jsonl")), scores);
        long restarts = r.err().lines().filter(l -> l.contains("worker crashed")).count();
        System.out.printf("seal-test: crash isolation: abort on row 'poison' -> %d worker restarts to isolate it in a"
                + " batch of 16; 39 of 40 rows scored (equal to an undisturbed --exact run within 1e-5), 1 in the errors"
                + " file: %s%n", restarts, e.get("detail").asText().lines().findFirst().orElse(""));
    }

    /**
     * The simulated device holds compute buffers for at most 128 tokens at once, a quarter of the 512-token budget:
     * halving the pairs per call cannot get under that (every decode runs in a context reserved for the whole
     * budget), halving the decode budget and making the context again can. Every row, the long one too (a causal
     * model computes it in several ubatches), is scored as an undisturbed run scores it.
     */
    @Test
    void outOfMemoryHalvesTheTokensPerDecodeUntilTheDecodesFit() throws Exception {
        Path data = oomData();
        Map<String, JsonNode> base = cleanRun(data, "oom-clean");
        int limit = 128;
        Path oom = Files.createDirectories(dir.resolve("oom"));
        ChildCli.Run r = ChildCli.run(dir, List.of(), Map.of("SEAL_DEBUG_OOM_ABOVE_TOKENS", String.valueOf(limit)), 0,
                args(data, oom.resolve("s.jsonl"), "--batch-tokens", "512"));
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> errors = rows(oom.resolve("s.errors.jsonl"));
        assertEquals(Map.of(), errors, "no row may fail once the decodes fit");
        Map<String, JsonNode> scores = rows(oom.resolve("s.jsonl"));
        assertEquals(base.keySet(), scores.keySet());
        assertSameRewards(base, scores);
        int hugeTokens = scores.get("huge").get("chosen_tokens").asInt();
        assertTrue(hugeTokens > limit, "the long row (" + hugeTokens + " tokens a side) must be longer than " + limit);
        System.out.printf("seal-test: out of memory (simulated for compute buffers over %d tokens, budget 512): the"
                + " decode budget halved to fit, all 40 rows scored (the %d-token one in several ubatches), equal to the"
                + " unconstrained run within 1e-5%n", limit, hugeTokens);
    }

    /** Under the smallest budget recovery tries (64 tokens), nothing fits: every row is an error and the job ends. */
    @Test
    void outOfMemoryBelowTheFloorMakesRowErrorsAndTheJobFinishes() throws Exception {
        Path data = oomData();
        Path oom = Files.createDirectories(dir.resolve("oom-floor"));
        ChildCli.Run r = ChildCli.run(dir, List.of(), Map.of("SEAL_DEBUG_OOM_ABOVE_TOKENS", "32"), 0,
                args(data, oom.resolve("s.jsonl")));
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> errors = rows(oom.resolve("s.errors.jsonl"));
        assertEquals(40, errors.size());
        for (JsonNode e : errors.values()) {
            assertEquals("out_of_memory", e.get("reason").asText(), e.toString());
        }
        assertTrue(rows(oom.resolve("s.jsonl")).isEmpty());
    }

    private static Path oomData() throws IOException {
        List<String> lines = new ArrayList<>(TestData.pairs(40, 5));
        String big = "please tell me more about it and then some more ".repeat(8);
        lines.set(9, TestData.hh("huge", big, "Sure.", "No."));
        return TestData.write(dir.resolve("oom.jsonl"), lines);
    }

    private static Map<String, JsonNode> cleanRun(Path data, String name) throws IOException, InterruptedException {
        Path clean = Files.createDirectories(dir.resolve(name));
        ChildCli.Run ok = ChildCli.run(dir, List.of(), Map.of(), 0, args(data, clean.resolve("s.jsonl")));
        assertEquals(0, ok.code(), ok.err());
        return rows(clean.resolve("s.jsonl"));
    }
}
