package dev.seal.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seal.engine.NativeTests;
import dev.seal.gguf.SmallModels;
import dev.seal.job.CrashingMain;
import dev.seal.job.ShardedJob;
import dev.seal.job.WritePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job killed again and again, by SIGKILL at random moments and by halting at the write path's crash
 * points (mid-shard, between a shard's rename and the manifest, mid-manifest, mid-output, after publishing), then
 * rerun with the same arguments until it finishes: no input row lost, none duplicated, and scores and errors equal,
 * byte for byte, to an uninterrupted run (batches never cross a shard boundary, so a resumed shard is computed from
 * the same batches).
 */
class KillResumeTest {
    @TempDir
    Path dir;

    static final int PAIRS = 150;

    private List<String> args(Path model, Path data, Path out) {
        return List.of("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q",
                "--shard-rows", "8", "--chunk-pairs", "4", "--threads", "1");
    }

    @Test
    void killedAtRandomAndMidWriteThenResumedLosesAndDuplicatesNothing() throws Exception {
        NativeTests.requireNative();
        Path model = SmallModels.rewardModel(dir.resolve("model"));
        List<String> lines = new ArrayList<>(TestData.pairs(PAIRS, 11));
        lines.set(30, "{\"id\": \"broken\", \"chosen\": ");                     // malformed JSON
        lines.set(77, lines.get(12));                                            // duplicate id p12
        lines.set(101, "{\"id\": \"blank\", \"chosen\": \"   \", \"rejected\": \"\\n\\nHuman: hi\\n\\nAssistant: No.\"}"); // blank text
        Path data = TestData.write(dir.resolve("pairs.jsonl"), lines);

        Path a = Files.createDirectories(dir.resolve("a"));
        ChildCli.Run base = ChildCli.run(dir, List.of(), Map.of(), 0, args(model, data, a.resolve("scores.jsonl")));
        assertEquals(0, base.code(), base.err());
        System.out.printf("seal-test: kill-and-resume: uninterrupted run %.1f s%n", base.seconds());

        Path b = Files.createDirectories(dir.resolve("b"));
        Path outB = b.resolve("scores.jsonl");
        List<String> crashes = List.of(CrashingMain.at(WritePoint.SHARD_PARTIAL, 2),
                CrashingMain.at(WritePoint.SHARD_RENAMED, 3), CrashingMain.at(WritePoint.MANIFEST_PARTIAL, 2),
                CrashingMain.at(WritePoint.SHARD_PARTIAL, 1), CrashingMain.at(WritePoint.MANIFEST_PARTIAL, 4),
                CrashingMain.at(WritePoint.SHARD_RENAMED, 1), CrashingMain.at(WritePoint.ASSEMBLE_PARTIAL, 1),
                CrashingMain.at(WritePoint.ASSEMBLE_PUBLISHED, 1));
        Random rnd = new Random(20260501);
        int randomKills = 0;
        int pointKills = 0;
        int runs = 0;
        int finishedEarly = 0;
        // random SIGKILLs interleaved with the 6 shard/manifest crash points until 22 kills have landed (a run that
        // finishes before its kill just completes the job; the next one starts it afresh), then the two assembly ones
        for (int i = 0; randomKills + pointKills < 22 && runs < 60; i++) {
            runs++;
            boolean point = i % 4 == 3 && pointKills < 6;
            ChildCli.Run r;
            if (point) {
                String at = crashes.get(pointKills);
                r = ChildCli.run(dir, List.of("-Dseal.test.crash=" + at), Map.of(), 0, args(model, data, outB));
                if (r.code() == CrashingMain.HALTED) {
                    pointKills++;
                } else {
                    assertEquals(0, r.code(), r.err());
                    finishedEarly++;
                }
            } else {
                long ms = (long) (base.seconds() * 1000 * (0.15 + 0.7 * rnd.nextDouble()));
                r = ChildCli.run(dir, List.of(), Map.of(), ms, args(model, data, outB));
                if (r.killed()) {
                    randomKills++;
                } else {
                    assertEquals(0, r.code(), r.err());
                    finishedEarly++;
                }
            }
        }
        for (String at : crashes.subList(6, 8)) {
            runs++;
            ChildCli.Run r = ChildCli.run(dir, List.of("-Dseal.test.crash=" + at), Map.of(), 0, args(model, data, outB));
            assertEquals(CrashingMain.HALTED, r.code(), at + ": " + r.err());
            pointKills++;
        }
        runs++;
        ChildCli.Run last = ChildCli.run(dir, List.of(), Map.of(), 0, args(model, data, outB));
        assertEquals(0, last.code(), last.err());
        assertFalse(Files.exists(ShardedJob.dirFor(outB)), "the job directory is removed after success");
        int kills = randomKills + pointKills;
        assertTrue(kills >= 20, "only " + kills + " kills landed (" + finishedEarly + " runs finished first)");

        // every input row exactly once, in the scores or the errors
        ObjectMapper json = new ObjectMapper();
        List<String> scores = Files.readAllLines(outB);
        List<String> errors = Files.readAllLines(b.resolve("scores.errors.jsonl"));
        Set<Long> rows = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (String l : scores) {
            JsonNode n = json.readTree(l);
            assertTrue(rows.add(n.get("row").asLong()), "row twice: " + l);
            assertTrue(ids.add(n.get("id").asText()), "id twice: " + l);
        }
        for (String l : errors) {
            assertTrue(rows.add(json.readTree(l).get("row").asLong()), "row twice: " + l);
        }
        assertEquals(PAIRS, rows.size(), "rows accounted for");
        assertEquals(PAIRS - 3, scores.size());
        assertEquals(3, errors.size());
        // and equal to the uninterrupted run, byte for byte
        assertEquals(Files.readAllLines(a.resolve("scores.jsonl")), scores, "scores differ from the uninterrupted run");
        assertEquals(Files.readAllLines(a.resolve("scores.errors.jsonl")), errors);
        System.out.printf("seal-test: kill-and-resume: %d kills (%d SIGKILL at random times, %d halts at write-path crash"
                + " points), %d runs, %d finished before their kill; %d rows: 0 lost, 0 duplicated, %d scored + %d errors"
                + " identical (bit-equal rewards) to the uninterrupted run%n", kills, randomKills, pointKills, runs,
                finishedEarly, PAIRS, scores.size(), errors.size());
    }
}
