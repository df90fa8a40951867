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
 * A simulated out-of-memory at decode halves the batch until it fits; a row too big to fit alone is reported.
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

    @Test
    void outOfMemoryHalvesTheBatchAndReportsARowThatCannotFitAlone() throws Exception {
        List<String> lines = new ArrayList<>(TestData.pairs(40, 5));
        String big = "please tell me more about it and then some more ".repeat(8);
        lines.set(9, TestData.hh("huge", big, "Sure.", "No."));
        Path data = TestData.write(dir.resolve("oom.jsonl"), lines);

        Path clean = Files.createDirectories(dir.resolve("oom-clean"));
        ChildCli.Run ok = ChildCli.run(dir, List.of(), Map.of(), 0, args(data, clean.resolve("s.jsonl")));
        assertEquals(0, ok.code(), ok.err());
        Map<String, JsonNode> base = rows(clean.resolve("s.jsonl"));
        int maxNormal = 0;
        for (var n : base.entrySet()) {
            if (!n.getKey().equals("huge")) {
                maxNormal = Math.max(maxNormal, n.getValue().get("chosen_tokens").asInt() + n.getValue().get("rejected_tokens").asInt());
            }
        }
        JsonNode huge = base.get("huge");
        int hugeTokens = huge.get("chosen_tokens").asInt() + huge.get("rejected_tokens").asInt();
        int cap = (int) (2.5 * maxNormal);
        assertTrue(hugeTokens > cap, "the big row (" + hugeTokens + " tokens) must not fit under " + cap);

        Path oom = Files.createDirectories(dir.resolve("oom"));
        ChildCli.Run r = ChildCli.run(dir, List.of(), Map.of("SEAL_DEBUG_OOM_ABOVE_TOKENS", String.valueOf(cap)), 0,
                args(data, oom.resolve("s.jsonl")));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("out of memory scoring 16 pairs"), r.err());
        Map<String, JsonNode> errors = rows(oom.resolve("s.errors.jsonl"));
        assertEquals(List.of("huge"), List.copyOf(errors.keySet()));
        assertEquals("out_of_memory", errors.get("huge").get("reason").asText());
        Map<String, JsonNode> scores = rows(oom.resolve("s.jsonl"));
        assertEquals(39, scores.size());
        assertSameRewards(base, scores);
        System.out.printf("seal-test: out of memory (simulated above %d tokens per call): batches halved from 16 pairs,"
                + " 39 of 40 rows scored (equal to the unconstrained run within 1e-5), the %d-token row reported as"
                + " out_of_memory%n", cap, hugeTokens);
    }
}
